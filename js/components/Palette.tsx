import { useMemo, useState } from "react";
import { CATEGORIES, type CatalogEntry } from "../types";
import { Glyph } from "./Glyph";

export const DRAG_MIME = "application/x-flowfile-node-type";

export function filterCatalog(catalog: CatalogEntry[], query: string): Map<string, CatalogEntry[]> {
  const q = query.trim().toLowerCase();
  const groups = new Map<string, CatalogEntry[]>();
  const order = [...CATEGORIES, ...new Set(catalog.map((c) => c.category).filter((c) => !CATEGORIES.includes(c)))];
  for (const cat of order) groups.set(cat, []);
  for (const c of catalog) {
    const hay = `${c.type} ${c.label} ${c.category} ${c.description}`.toLowerCase();
    if (q && !hay.includes(q)) continue;
    groups.get(c.category)?.push(c);
  }
  for (const [k, v] of groups) if (v.length === 0) groups.delete(k);
  return groups;
}

interface Props {
  catalog: CatalogEntry[];
  /** double click (or Enter): add the type after the selected node */
  onAdd: (type: string) => void;
}

export function Palette({ catalog, onAdd }: Props) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => filterCatalog(catalog, query), [catalog, query]);
  return (
    <div className="ff-palette" data-testid="palette">
      <input
        className="ff-input ff-palette-search"
        type="search"
        placeholder="Search nodes…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          const first = [...groups.values()][0]?.[0];
          if (e.key === "Enter" && first) onAdd(first.type);
        }}
        data-testid="palette-search"
        aria-label="Search nodes"
      />
      <div className="ff-palette-list">
        {[...groups].map(([cat, items]) => (
          <div key={cat} className="ff-palette-group">
            <div className="ff-palette-cat">{cat}</div>
            {items.map((c) => (
              <div
                key={c.type}
                className="ff-palette-item"
                draggable
                tabIndex={0}
                role="button"
                title={`${c.description}\nDrag onto the canvas, or double-click to add after the selected node.`}
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
                <span>{c.label}</span>
              </div>
            ))}
          </div>
        ))}
        {groups.size === 0 ? <div className="ff-muted ff-pad">No node matches “{query}”.</div> : null}
      </div>
    </div>
  );
}
