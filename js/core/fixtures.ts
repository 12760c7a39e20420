// Shared test data: a small catalog and graph in the protocol's shapes.
import type { CatalogEntry, Graph } from "../protocol";

const entry = (e: Partial<CatalogEntry> & Pick<CatalogEntry, "type" | "category">): CatalogEntry => ({
  label: e.type,
  description: "",
  inputs: ["input"],
  variadic: false,
  outputs: 1,
  settings_schema: { type: "object", properties: {} },
  defaults: {},
  ...e,
});

export const CATALOG: CatalogEntry[] = [
  entry({ type: "read_csv", category: "input", inputs: [] }),
  entry({ type: "filter", category: "transform" }),
  entry({ type: "join", category: "combine", inputs: ["left", "right"] }),
  entry({ type: "union", category: "combine", inputs: ["inputs"], variadic: true }),
  entry({ type: "write_parquet", category: "output", outputs: 0 }),
];

export const GRAPH: Graph = {
  nodes: [
    { id: "a", type: "read_csv", label: "orders", name: "orders", settings: { path: "o.csv" }, position: { x: 0, y: 0 } },
    { id: "b", type: "read_csv", label: "customers", name: "customers", settings: { path: "c.csv" }, position: { x: 0, y: 150 } },
    { id: "f", type: "filter", label: "big", name: "big", settings: { expr: "pl.col('x') > 1" }, position: { x: 250, y: 0 } },
    { id: "j", type: "join", label: "join", name: "join", settings: { how: "inner" }, position: { x: 500, y: 50 } },
    { id: "u", type: "union", label: "union", name: "union", settings: {}, position: { x: 750, y: 50 } },
  ],
  edges: [
    { source: "a", target: "f", port: 0 },
    { source: "f", target: "j", port: 0 },
    { source: "b", target: "j", port: 1 },
    { source: "j", target: "u", port: 0 },
    { source: "b", target: "u", port: 1 },
  ],
};
