import { type KeyboardEvent, type PointerEvent, type ReactNode, useLayoutEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { isNumeric, type PreviewTable as Table } from "../core/arrow";
import { type CellRange, inRange, rangeText } from "../core/cells";
import type { SortKey } from "../core/paging";
import { placeCard } from "../core/popover";
import type { ColumnProfile } from "../core/profile";
import { virtualWindow } from "../core/virtual";
import { showWhitespace } from "../core/whitespace";
import { ColumnChart, ProfileCard } from "./ColumnChart";
import { ColumnName } from "./ColumnName";

export const ROW_HEIGHT = 24;
const PROFILED_HEAD = 64; // name and dtype, the chart, the nulls line
const COL_WIDTH = 140;
const MIN_WIDTH = 48;
const MAX_WIDTH = 1200;
const INDEX_WIDTH = 56;

let shown = 0; // tables rendered so far: a test or benchmark sees a new one arrive

/** Column widths set by dragging, by column name: kept while other nodes are shown. */
const widths = new Map<string, number>();

interface Props {
  table: Table;
  /** profiles by column (an empty map while they are on their way); absent: no charts */
  profiles?: ReadonlyMap<string, ColumnProfile> | undefined;
  /** the rows' sort, and where a header click goes (absent: headers do not sort) */
  sort?: readonly SortKey[];
  onSort?: ((column: string, add: boolean) => void) | undefined;
  /** the first row's number in the whole result (a page further down) */
  rowOffset?: number;
}

/** A virtualized grid: only the rows in view (plus a few) are in the DOM. Knows nothing of
 * nodes or the kernel: it shows a decoded table, so it can serve other views of data. */
export function PreviewTable({ table, profiles, sort = [], onSort, rowOffset = 0 }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [scrollLeft, setScrollLeft] = useState(0);
  const [viewport, setViewport] = useState(200);
  const [, setResized] = useState(0);
  const [hover, setHover] = useState<string | null>(null);
  const [range, setRange] = useState<CellRange | null>(null);
  const head = profiles ? PROFILED_HEAD : ROW_HEIGHT;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const version = useMemo(() => ++shown, [table]);
  useLayoutEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
    setRange(null);
  }, [table]);

  const colWidth = (name: string) => widths.get(name) ?? COL_WIDTH;
  const lefts: number[] = [];
  let width = INDEX_WIDTH;
  for (const c of table.columns) {
    lefts.push(width);
    width += colWidth(c.name);
  }

  const startResize = (e: PointerEvent, name: string) => {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const start = colWidth(name);
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      widths.set(name, Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(start + ev.clientX - startX))));
      setResized((k) => k + 1);
    };
    const up = () => {
      el.removeEventListener("pointermove", move);
      el.removeEventListener("pointerup", up);
      el.removeEventListener("pointercancel", up);
    };
    el.addEventListener("pointermove", move);
    el.addEventListener("pointerup", up);
    el.addEventListener("pointercancel", up);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === "c") {
      // copying here copies cells (or selected text), never the canvas's nodes
      e.stopPropagation();
      if (!range) return; // the browser copies the text selected with the mouse
      e.preventDefault();
      const names = e.shiftKey ? table.columns.map((c) => c.name) : undefined;
      void copyText(rangeText(range, table.text, names));
    } else if (e.key === "Escape" && range) {
      e.stopPropagation();
      setRange(null);
    }
  };

  const pick = (e: React.MouseEvent, row: number, col: number) => {
    if (!e.shiftKey && window.getSelection()?.toString()) return; // text selected: the browser copies it
    scroller.current?.focus({ preventScroll: true }); // keys (Ctrl+C) now go to the grid
    setRange((r) => (e.shiftKey && r ? { anchor: r.anchor, focus: { row, col } } : { anchor: { row, col }, focus: { row, col } }));
  };

  const win = virtualWindow(scrollTop, viewport - head, ROW_HEIGHT, table.numRows);
  const rows = [];
  for (let r = win.start; r < win.end; r++) {
    rows.push(
      <div className="ff-tr" key={r} data-testid="preview-row" style={{ top: win.offset + (r - win.start) * ROW_HEIGHT, height: ROW_HEIGHT }}>
        <div className="ff-td ff-td-index" style={{ width: INDEX_WIDTH }}>
          {rowOffset + r}
        </div>
        {table.columns.map((c, ci) => {
          const v = table.cell(r, ci);
          const picked = inRange(range, r, ci);
          return (
            <div
              key={ci}
              className={`ff-td${v === null ? " ff-null" : ""}${isNumeric(c.typeId) ? " ff-num" : ""}${picked ? " ff-picked" : ""}`}
              style={{ width: colWidth(c.name) }}
              title={table.text(r, ci) ?? "null"}
              onMouseDown={(e) => {
                if (e.shiftKey) e.preventDefault(); // shift-click extends the cells, not a text selection
              }}
              onClick={(e) => pick(e, r, ci)}
            >
              {v ?? "null"}
            </div>
          );
        })}
      </div>,
    );
  }

  const sortAt = new Map(sort.map((k, i) => [k.column, { ...k, index: i }]));
  const hovered = hover !== null ? profiles?.get(hover) : undefined;
  const hoverIndex = hover !== null ? table.columns.findIndex((c) => c.name === hover) : -1;
  const cardLeft = hoverIndex >= 0 ? Math.max(0, (lefts[hoverIndex] ?? 0) - scrollLeft) : 0;
  // measured only while a card shows: a layout read on every render would slow scrolling
  const anchor = hovered && scroller.current ? { rect: scroller.current.getBoundingClientRect(), left: cardLeft, head } : null;

  return (
    <div className="ff-grid" onKeyDown={onKeyDown}>
      <div
        className="ff-table"
        ref={scroller}
        tabIndex={0}
        onScroll={(e) => {
          setScrollTop(e.currentTarget.scrollTop);
          setScrollLeft(e.currentTarget.scrollLeft);
        }}
        data-testid="preview-table"
        data-rows={table.numRows}
        data-version={version}
      >
        <div className={`ff-thead${profiles ? " ff-thead-profiled" : ""}`} style={{ width, height: head }}>
          <div className="ff-th ff-td-index" style={{ width: INDEX_WIDTH }}>
            #
          </div>
          {table.columns.map((c) => {
            const w = colWidth(c.name);
            const k = sortAt.get(c.name);
            const p = profiles?.get(c.name);
            return (
              <div
                key={c.name}
                className={`ff-th${onSort ? " ff-sortable" : ""}${k ? " ff-sorted" : ""}`}
                style={{ width: w }}
                title={`${showWhitespace(c.name)}: ${c.dtype}${onSort ? "\nclick to sort, shift-click to sort by several" : ""}`}
                data-testid="column-header"
                data-column={c.name}
                data-sort={k ? (k.descending ? "descending" : "ascending") : undefined}
                onClick={(e) => {
                  setHover(null); // the card would cover the rows just sorted
                  onSort?.(c.name, e.shiftKey);
                }}
                onMouseEnter={() => setHover(c.name)}
                onMouseLeave={() => setHover((h) => (h === c.name ? null : h))}
              >
                <div className="ff-th-line">
                  <span className="ff-th-name">
                    <ColumnName name={c.name} />
                  </span>
                  <span className="ff-th-dtype">{c.dtype}</span>
                  {k ? (
                    <span className="ff-th-sort" aria-label={k.descending ? "sorted descending" : "sorted ascending"}>
                      {k.descending ? "▼" : "▲"}
                      {sort.length > 1 ? <sub>{k.index + 1}</sub> : null}
                    </span>
                  ) : null}
                </div>
                {p ? <ColumnChart profile={p} width={w - 13} /> : null}
                <div className="ff-th-resize" onPointerDown={(e) => startResize(e, c.name)} onClick={(e) => e.stopPropagation()} data-testid="column-resize" />
              </div>
            );
          })}
        </div>
        <div className="ff-tbody" style={{ width, height: win.total }}>
          {rows}
        </div>
      </div>
      {hovered && anchor ? (
        <HoverCard anchor={anchor} from={scroller.current}>
          <ProfileCard profile={hovered} />
        </HoverCard>
      ) : null}
    </div>
  );
}

/** Put text on the clipboard: the async API where the page may use it, else a copy command. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // not a secure context, or no permission: fall back to a copy command
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

/** The profile card of a hovered header, drawn over the whole widget (a short preview would
 * clip it): under the header when it fits, else above it. */
function HoverCard({ anchor, from, children }: {
  anchor: { rect: DOMRect; left: number; head: number };
  from: HTMLElement | null;
  children: ReactNode;
}) {
  const root = from?.closest<HTMLElement>(".ff-root") ?? null;
  const card = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  const { rect, left, head } = anchor;
  useLayoutEffect(() => {
    if (!root || !card.current) return;
    const header = { left: rect.left + left, top: rect.top, width: 0, height: head };
    const size = card.current.getBoundingClientRect();
    setAt(placeCard(header, { width: size.width, height: size.height }, root.getBoundingClientRect()));
  }, [root, rect.left, rect.top, left, head]);
  if (!root) return null;
  return createPortal(
    <div ref={card} className="ff-profile-pop" style={at ? { left: at.left, top: at.top } : { left: 0, top: 0, visibility: "hidden" }}>
      {children}
    </div>,
    root,
  );
}
