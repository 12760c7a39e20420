import { useMemo, useState } from "react";
import { rank, verbToShow } from "../core/search";
import { CATEGORIES, type CatalogEntry } from "../protocol";
import { Glyph } from "./Glyph";

export const DRAG_MIME = "application/x-flowfile-node-type";

export function byCategory(catalog: CatalogEntry[]): [string, CatalogEntry[]][] {
  const order = [...CATEGORIES, ...new Set(catalog.map((c) => c.category).filter((c) => !CATEGORIES.includes(c)))];
  return order.map((cat) => [cat, catalog.filter((c) => c.category === cat)] as [string, CatalogEntry[]]).filter(([, v]) => v.length > 0);
}

interface Props {
  catalog: CatalogEntry[];
  /** double click (or Enter): add the type after the selected node */
  onAdd: (type: string) => void;
  onCollapse: () => void;
}

function Item({ c, onAdd, active }: { c: CatalogEntry; onAdd: (type: string) => void; active: boolean }) {
  return (
    <div
      className={`ff-palette-item${active ? " ff-active" : ""}`}
      draggable
      tabIndex={0}
      role="button"
      title={`${c.description}\nDrag onto the canvas, or double-click to add it after the selected node.`}
      data-testid={`palette-item-${c.type}`}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_MIME, c.type);
        e.dataTransfer.setData("text/plain", c.type);
        e.dataTransfer.effectAllowed = "copy";
      }}
      onDoubleClick={() => onAdd(c.type)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onAdd(c.type);
      }}
    >
      <Glyph category={c.category} label={c.label} />
      <span className="ff-palette-names">
        <span className="ff-palette-label">{c.label}</span>
        {verbToShow(c) ? <code className="ff-verb">{c.type}</code> : null}
      </span>
    </div>
  );
}

export function Palette({ catalog, onAdd, onCollapse }: Props) {
  const [query, setQuery] = useState("");
  const [cursor, setCursor] = useState(0);
  const ranked = useMemo(() => (query.trim() ? rank(catalog, query) : []), [catalog, query]);
  const groups = useMemo(() => byCategory(catalog), [catalog]);
  const searching = query.trim() !== "";
  const pick = ranked[Math.min(cursor, ranked.length - 1)];
  return (
    <div className="ff-palette" data-testid="palette">
      <div className="ff-palette-top">
        <input
          className="ff-input ff-palette-search"
          type="search"
          placeholder="Search nodes…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCursor(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setCursor((i) => Math.min(i + 1, ranked.length - 1));
            else if (e.key === "ArrowUp") setCursor((i) => Math.max(i - 1, 0));
            else if (e.key === "Escape") setQuery("");
            else if (e.key === "Enter" && pick) onAdd(pick.type);
            else return;
            e.preventDefault();
          }}
          data-testid="palette-search"
          aria-label="Search nodes"
        />
        <button type="button" className="ff-btn ff-btn-icon" onClick={onCollapse} title="Hide the palette" aria-label="Hide the palette" data-testid="palette-collapse">
          «
        </button>
      </div>
      <div className="ff-palette-list">
        {searching ? (
          ranked.length > 0 ? (
            <div className="ff-palette-group" data-testid="palette-results">
              {ranked.map((c) => (
                <Item key={c.type} c={c} onAdd={onAdd} active={c === pick} />
              ))}
              <div className="ff-muted ff-pad">Enter adds the highlighted node.</div>
            </div>
          ) : (
            <div className="ff-muted ff-pad">No node matches “{query}”.</div>
          )
        ) : (
          groups.map(([cat, items]) => (
            <div key={cat} className="ff-palette-group">
              <div className="ff-palette-cat">{cat}</div>
              {items.map((c) => (
                <Item key={c.type} c={c} onAdd={onAdd} active={false} />
              ))}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
