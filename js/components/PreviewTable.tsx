import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { PreviewTable as Table } from "../core/arrow";
import { virtualWindow } from "../core/virtual";
import { showWhitespace } from "../core/whitespace";
import { ColumnName } from "./ColumnName";

export const ROW_HEIGHT = 24;
const COL_WIDTH = 140;
const INDEX_WIDTH = 48;

let shown = 0; // tables rendered so far: a test or benchmark sees a new one arrive

/** A virtualized grid: only the rows in view (plus a few) are in the DOM. Knows nothing of
 * nodes or the kernel: it shows a decoded table, so it can serve other views of data. */
export function PreviewTable({ table }: { table: Table }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(200);

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
  }, [table]);

  const win = virtualWindow(scrollTop, viewport - ROW_HEIGHT, ROW_HEIGHT, table.numRows);
  const width = INDEX_WIDTH + table.columns.length * COL_WIDTH;
  const rows = [];
  for (let r = win.start; r < win.end; r++) {
    rows.push(
      <div className="ff-tr" key={r} data-testid="preview-row" style={{ top: win.offset + (r - win.start) * ROW_HEIGHT, height: ROW_HEIGHT }}>
        <div className="ff-td ff-td-index" style={{ width: INDEX_WIDTH }}>
          {r}
        </div>
        {table.columns.map((_c, ci) => {
          const v = table.cell(r, ci);
          return (
            <div key={ci} className={`ff-td${v === null ? " ff-null" : ""}`} style={{ width: COL_WIDTH }} title={v ?? "null"}>
              {v ?? "null"}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div className="ff-table" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="preview-table" data-rows={table.numRows} data-version={version}>
      <div className="ff-thead" style={{ width, height: ROW_HEIGHT }}>
        <div className="ff-th ff-td-index" style={{ width: INDEX_WIDTH }}>
          #
        </div>
        {table.columns.map((c) => (
          <div key={c.name} className="ff-th" style={{ width: COL_WIDTH }} title={`${showWhitespace(c.name)}: ${c.dtype}`}>
            <span className="ff-th-name">
              <ColumnName name={c.name} />
            </span>
            <span className="ff-th-dtype">{c.dtype}</span>
          </div>
        ))}
      </div>
      <div className="ff-tbody" style={{ width, height: win.total }}>
        {rows}
      </div>
    </div>
  );
}
