import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { fnv1a } from "../core/hash";
import { type Model, requestId, send, useMessages } from "../state/model";
import { CODE_EVENT, type CodeEventDetail } from "../protocol";

/**
 * "Code" button: ask Python for the flow's current code (generating it on every edit would cost
 * the kernel time on large flows), then fire a bubbling, cancelable `flowfile:code` event from the
 * widget's root. The notebook extension handles it (writes the cell below) and calls
 * preventDefault(); when nobody does, the code panel opens with a Copy button instead.
 */
/** While the code panel is open, the code is asked for again this long after the last edit. */
export const CODE_REFRESH_MS = 400;

export function useCodeAction(
  model: Model,
  root: RefObject<HTMLElement | null>,
  flow: string,
  notify: (msg: string) => void,
  graph: unknown,
) {
  const [open, setOpen] = useState(false);
  const [extensionMissing, setExtensionMissing] = useState(false);
  const pending = useRef<string | null>(null);

  const writeToCell = useCallback(() => {
    const rid = requestId();
    pending.current = rid;
    send(model, { kind: "code", request_id: rid });
  }, [model]);

  useMessages(model, (msg) => {
    if (msg.kind !== "code" || msg.request_id !== pending.current) return;
    pending.current = null;
    const el = root.current;
    if (!el) return;
    const detail: CodeEventDetail = { flow, code: msg.code, hash: fnv1a(msg.code) };
    const ev = new CustomEvent<CodeEventDetail>(CODE_EVENT, { bubbles: true, cancelable: true, detail });
    const unhandled = el.dispatchEvent(ev);
    if (unhandled) {
      setExtensionMissing(true);
      setOpen(true);
    } else {
      notify(detail.action === "updated" ? "Updated the generated code cell below." : "Wrote the code into a new cell below.");
    }
  });

  const toggle = useCallback(() => {
    setExtensionMissing(false);
    setOpen((o) => {
      if (!o) send(model, { kind: "code", request_id: requestId() });
      return !o;
    });
  }, [model]);

  // The kernel generates code only when asked: an open panel asks again after edits settle.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!open) return;
    const t = setTimeout(() => send(model, { kind: "code", request_id: requestId() }), CODE_REFRESH_MS);
    return () => clearTimeout(t);
  }, [graph, open, model]);

  return { open, extensionMissing, writeToCell, toggle, close: () => setOpen(false) };
}
