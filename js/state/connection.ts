// Whether the kernel behind this canvas is still there. When the kernel restarts (or dies), the
// notebook closes the widget's comm: the old canvas stays on the page but can no longer reach
// its flow, so it says so instead of spinning, and never tries to send again.
import { useEffect, useState } from "react";
import type { Model } from "./model";

type Listener = (alive: boolean) => void;

const dead = new WeakSet<object>();
const listeners = new WeakMap<object, Set<Listener>>();

/** Mark the model's kernel as gone (its comm closed, or a send failed) and tell the canvas. */
export function markGone(model: Model): void {
  if (dead.has(model)) return;
  dead.add(model);
  for (const listener of listeners.get(model) ?? []) listener(false);
}

export function isGone(model: Model): boolean {
  return dead.has(model);
}

/** False once the kernel behind the model is gone. */
export function useKernelAlive(model: Model): boolean {
  const [alive, setAlive] = useState(() => !dead.has(model));
  useEffect(() => {
    const set = listeners.get(model) ?? new Set<Listener>();
    listeners.set(model, set);
    set.add(setAlive);
    // ipywidgets closes the model's comm when the kernel shuts down, and disconnects every
    // model when its kernel starts restarting: watch both
    const gone = () => markGone(model);
    const events = model as unknown as { on(name: string, cb: () => void): void; off(name: string, cb: () => void): void };
    events.on("comm:close", gone);
    events.on("destroy", gone);
    const kernel = kernelOf(model);
    const onStatus = (_: unknown, status: string) => {
      if (status === "restarting" || status === "autorestarting" || status === "dead") gone();
    };
    kernel?.statusChanged.connect(onStatus);
    return () => {
      set.delete(setAlive);
      events.off("comm:close", gone);
      events.off("destroy", gone);
      kernel?.statusChanged.disconnect(onStatus);
    };
  }, [model]);
  return alive;
}

interface StatusSignal {
  connect(cb: (sender: unknown, status: string) => void): void;
  disconnect(cb: (sender: unknown, status: string) => void): void;
}

/** The kernel connection behind the widget manager (JupyterLab and Notebook 7 have one). */
function kernelOf(model: Model): { statusChanged: StatusSignal } | null {
  const manager = (model as unknown as { widget_manager?: { kernel?: unknown } }).widget_manager;
  const kernel = manager?.kernel as { statusChanged?: Partial<StatusSignal> } | null | undefined;
  const signal = kernel?.statusChanged;
  if (!signal || typeof signal.connect !== "function" || typeof signal.disconnect !== "function") return null;
  return { statusChanged: signal as StatusSignal };
}
