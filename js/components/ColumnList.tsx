import type { Columns } from "../protocol";
import { ColumnName } from "./ColumnName";

export function ColumnList({ columns, testid }: { columns: Columns; testid: string }) {
  return (
    <ul className="ff-columns" data-testid={testid}>
      {columns.map(([name, dtype]) => (
        <li key={name}>
          <span className="ff-col-name">
            <ColumnName name={name} />
          </span>
          <span className="ff-col-dtype">{dtype}</span>
        </li>
      ))}
    </ul>
  );
}
