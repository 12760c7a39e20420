import type { Columns } from "../types";

export function ColumnList({ columns, testid }: { columns: Columns; testid: string }) {
  return (
    <ul className="ff-columns" data-testid={testid}>
      {columns.map(([name, dtype]) => (
        <li key={name}>
          <span className="ff-col-name">{name}</span>
          <span className="ff-col-dtype">{dtype}</span>
        </li>
      ))}
    </ul>
  );
}
