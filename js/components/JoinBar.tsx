import { formatCount } from "../core/format";
import type { Side } from "../hooks/useDataView";
import type { UnmatchedAnswer } from "../protocol";

const VIEWS: { side: Side | null; label: string }[] = [
  { side: null, label: "Result" },
  { side: "left", label: "Unmatched left" },
  { side: "right", label: "Unmatched right" },
];

function rowsWord(n: number): string {
  return n === 1 ? "row" : "rows";
}

/** A join's diagnostics: how many rows of each side found no match, and a switch between the
 * join's result and the unmatched rows of either side. */
export function JoinBar({ answer, side, onSide }: { answer: UnmatchedAnswer | null; side: Side | null; onSide: (s: Side | null) => void }) {
  const ok = answer && !answer.error && answer.left_unmatched != null && answer.right_unmatched != null;
  return (
    <div className="ff-joinbar" data-testid="join-diagnostics">
      <span data-testid="join-unmatched">
        {ok
          ? `${formatCount(answer.left_unmatched ?? 0)} left ${rowsWord(answer.left_unmatched ?? 0)} / ${formatCount(answer.right_unmatched ?? 0)} right ${rowsWord(answer.right_unmatched ?? 0)} found no match`
          : answer?.error
            ? <span className="ff-muted">{answer.error}</span>
            : <span className="ff-muted">counting unmatched rows…</span>}
      </span>
      <span className="ff-spacer" />
      <span className="ff-segmented" role="radiogroup" aria-label="Rows to show">
        {VIEWS.map((v) => (
          <button
            key={v.label}
            type="button"
            role="radio"
            aria-checked={side === v.side}
            className={`ff-seg${side === v.side ? " ff-on" : ""}`}
            onClick={() => onSide(v.side)}
            data-testid={`join-view-${v.side ?? "result"}`}
          >
            {v.label}
          </button>
        ))}
      </span>
    </div>
  );
}
