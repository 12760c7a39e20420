// Typed access to the anywidget model: traits (read only: Python owns them) and messages.
import { useModel, useModelState } from "@anywidget/react";
import type { AnyModel } from "@anywidget/types";
import { useEffect, useMemo, useRef } from "react";
import { decodeJson } from "./core/wire";
import type { IncomingMessage, OutgoingMessage, WidgetTraits } from "./types";

export type Model = AnyModel<WidgetTraits>;

const FALLBACK: WidgetTraits = {
  flow_name: "flow",
  catalog: [],
  graph: { nodes: [], edges: [] },
  states: {},
  height: 480,
  code: "",
  can_undo: false,
  can_redo: false,
  target_engine: "",
  not_portable: {},
};

export function useFlowModel(): Model {
  return useModel<WidgetTraits>();
}

type JsonTrait = "graph" | "states";

/** A trait's current value (re-renders on change). The front end never writes traits. */
export function useTrait<K extends Exclude<keyof WidgetTraits, JsonTrait>>(key: K): WidgetTraits[K] {
  const [value] = useModelState<WidgetTraits[K] | undefined | null>(key);
  return value ?? FALLBACK[key];
}

/** `graph` and `states` arrive as JSON bytes (large, and mostly unchanged between edits). */
export function useJsonTrait<K extends JsonTrait>(key: K): WidgetTraits[K] {
  const [raw] = useModelState<unknown>(key);
  return useMemo(() => decodeJson(raw, FALLBACK[key]), [raw, key]);
}

export function send(model: Model, msg: OutgoingMessage): void {
  model.send(msg);
}

/** Calls `handler` for each custom message from Python; the latest handler is always used. */
export function useMessages(model: Model, handler: (msg: IncomingMessage, buffers: DataView[]) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const cb = (msg: unknown, buffers: DataView[]) => {
      if (msg && typeof msg === "object" && "kind" in msg) ref.current(msg as IncomingMessage, buffers ?? []);
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
