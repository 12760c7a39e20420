import { hasHiddenWhitespace, whitespaceParts } from "../core/whitespace";

/** A column name with spaces at its ends (or doubled) drawn as ␣, so `Region ` is not `Region`. */
export function ColumnName({ name }: { name: string }) {
  if (!hasHiddenWhitespace(name)) return <>{name}</>;
  return (
    <span title={`"${name}": the name has spaces a reader would not see`}>
      {whitespaceParts(name).map((p, i) =>
        p.space ? (
          <span key={i} className="ff-ws" aria-label="space">
            {p.text}
          </span>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}
