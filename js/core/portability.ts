// Which nodes cannot run on the engine chosen in the toolbar, and why (computed by the kernel).
import { createContext, useContext } from "react";

export const ENGINES: { value: string; label: string }[] = [
  { value: "", label: "Polars" },
  { value: "duckdb", label: "DuckDB" },
  { value: "spark", label: "Spark" },
  { value: "sqlframe", label: "SQLFrame" },
];

export interface Portability {
  engine: string;
  reasons: Record<string, string>;
}

export const PortabilityContext = createContext<Portability>({ engine: "", reasons: {} });

/** Why the node cannot run on the chosen engine, or null. */
export function useNotPortable(nodeId: string): { engine: string; reason: string } | null {
  const { engine, reasons } = useContext(PortabilityContext);
  const reason = engine ? reasons[nodeId] : undefined;
  return reason ? { engine: ENGINES.find((e) => e.value === engine)?.label ?? engine, reason } : null;
}
