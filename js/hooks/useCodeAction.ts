import { type RefObject, useCallback, useState } from "react";
import { fnv1a } from "../core/hash";
import { CODE_EVENT, type CodeEventDetail } from "../types";

/**
 * "Code" button: fire a bubbling, cancelable `flowfile:code` event from the widget's root. The
 * notebook extension handles it (writes the cell below) and calls preventDefault(); when nobody
 * does, the code panel opens with a Copy button instead.
 */
export function useCodeAction(root: RefObject<HTMLElement | null>, flow: string, code: string, notify: (msg: string) => void) {
  const [open, setOpen] = useState(false);
  const [extensionMissing, setExtensionMissing] = useState(false);

  const writeToCell = useCallback(() => {
    const el = root.current;
    if (!el) return;
    const detail: CodeEventDetail = { flow, code, hash: fnv1a(code) };
    const ev = new CustomEvent<CodeEventDetail>(CODE_EVENT, { bubbles: true, cancelable: true, detail });
    const unhandled = el.dispatchEvent(ev);
    if (unhandled) {
      setExtensionMissing(true);
      setOpen(true);
    } else {
      notify(detail.action === "updated" ? "Updated the generated code cell below." : "Wrote the code into a new cell below.");
    }
  }, [root, flow, code, notify]);

  const toggle = useCallback(() => {
    setExtensionMissing(false);
    setOpen((o) => !o);
  }, []);

  return { open, extensionMissing, writeToCell, toggle, close: () => setOpen(false) };
}
