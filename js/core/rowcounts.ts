// Row counts of development runs (the `row_counts` trait) as the canvas shows them.
import { formatCount, formatRowsText } from "./format";
import type { GraphEdge, NodeRowsPayload, RowCountsPayload } from "../protocol";

export function edgeRowsKey(e: Pick<GraphEdge, "source" | "target" | "port">): string {
  return `${e.source}->${e.target}:${e.port}`;
}

/** Rows along each edge that a run has counted. */
export function edgeRows(counts: RowCountsPayload): Map<string, number> {
  return new Map(counts.edges.map((e) => [edgeRowsKey(e), e.rows]));
}

/** "600 → 412 rows"; a node with several inputs "600 + 50 → 640 rows"; null for a node with
 * no input counted (a source says its rows in its status) or no output counted. */
export function rowsFlowText(c: NodeRowsPayload | null | undefined): string | null {
  if (!c || c.rows_out == null) return null;
  const ins = c.rows_in.filter((n): n is number => n != null);
  if (ins.length === 0) return null;
  return `${ins.map(formatCount).join(" + ")} → ${formatRowsText(c.rows_out)}`;
}

/** Edges with the rows a run counted along them in their data (the same objects where none). */
export function withEdgeRows<E extends { id: string; data?: Record<string, unknown> | undefined }>(
  edges: E[],
  rows: ReadonlyMap<string, number>,
): E[] {
  if (rows.size === 0) return edges;
  return edges.map((e) => {
    const n = rows.get(e.id);
    return n === undefined ? e : { ...e, data: { ...e.data, rows: n } };
  });
}
