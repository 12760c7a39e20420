// "An edit of node X was just sent", for the views that depend on X: the preview asks for its
// rows right behind the edit (the kernel handles messages in order) instead of waiting for the
// new graph to come back first.
import type { Model } from "./model";

type Listener = (nodeId: string, settings: Record<string, unknown>) => void;

const listeners = new WeakMap<Model, Set<Listener>>();

export function editSent(model: Model, nodeId: string, settings: Record<string, unknown>): void {
  for (const listener of listeners.get(model) ?? []) listener(nodeId, settings);
}

/** Calls `listener` for every edit sent through `model`; returns a function that stops it. */
export function onEditSent(model: Model, listener: Listener): () => void {
  let set = listeners.get(model);
  if (!set) listeners.set(model, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
