// Typed access to the anywidget model: traits (read only: Python owns them) and messages.
import { useModel, useModelState } from "@anywidget/react";
import type { AnyModel } from "@anywidget/types";
import { useEffect, useMemo, useRef } from "react";
import { mark } from "../core/marks";
import { decodeJson } from "../core/wire";
import { isGone, markGone } from "./connection";
import type { CatalogEntry, Message, Request, Traits } from "../protocol";

/** The traits as the canvas reads them (the catalog's settings schemas typed for forms). */
export interface CanvasTraits extends Omit<Traits, "catalog"> {
  catalog: CatalogEntry[];
}

export type Model = AnyModel<CanvasTraits>;

const FALLBACK: CanvasTraits = {
  flow_name: "flow",
  catalog: [],
  completions: { functions: [], methods: [], namespaces: {} },
  graph: { nodes: [], edges: [] },
  states: {},
  height: 560,
  code: "",
  can_undo: false,
  can_redo: false,
  target_engine: "",
  not_portable: {},
};

export function useFlowModel(): Model {
  return useModel<CanvasTraits>();
}

type JsonTrait = "graph" | "states";

/** A trait's current value (re-renders on change). The front end never writes traits. */
export function useTrait<K extends Exclude<keyof CanvasTraits, JsonTrait>>(key: K): CanvasTraits[K] {
  const [value] = useModelState<CanvasTraits[K] | undefined | null>(key);
  return value ?? FALLBACK[key];
}

/** `graph` and `states` arrive as JSON bytes (large, and mostly unchanged between edits). */
export function useJsonTrait<K extends JsonTrait>(key: K): CanvasTraits[K] {
  const [raw] = useModelState<unknown>(key);
  return useMemo(() => {
    if (key === "graph") mark("graph-received");
    return decodeJson(raw, FALLBACK[key]);
  }, [raw, key]);
}

export function send(model: Model, msg: Request): void {
  if (isGone(model)) return; // the canvas shows that its kernel is gone
  try {
    model.send(msg);
  } catch {
    markGone(model); // "Cannot send": the kernel restarted under this canvas
  }
}

/** Calls `handler` for each custom message from Python; the latest handler is always used. */
export function useMessages(model: Model, handler: (msg: Message, buffers: DataView[]) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const cb = (msg: unknown, buffers: DataView[]) => {
      if (msg && typeof msg === "object" && "kind" in msg) ref.current(msg as Message, buffers ?? []);
    };
    model.on("msg:custom", cb);
    return () => model.off("msg:custom", cb);
  }, [model]);
}

let counter = 0;
export function requestId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}
