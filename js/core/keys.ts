// Canvas keyboard shortcuts, as a pure mapping from a key event to an action.

export type KeyAction = "undo" | "redo" | "copy" | "paste" | "delete" | "select-all" | null;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function keyAction(e: KeyLike): KeyAction {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.altKey) return null;
  if (mod && k === "z") return e.shiftKey ? "redo" : "undo";
  if (mod && k === "y" && !e.shiftKey) return "redo";
  if (mod && k === "c" && !e.shiftKey) return "copy";
  if (mod && k === "v" && !e.shiftKey) return "paste";
  if (mod && k === "a" && !e.shiftKey) return "select-all";
  if (!mod && !e.shiftKey && (k === "Delete" || k === "Backspace")) return "delete";
  return null;
}

/** Elements where keys belong to the element itself (typing), not to the canvas. */
export function isTextEntry(el: EventTarget | null): boolean {
  if (!el || typeof (el as Element).closest !== "function") return false;
  return (el as Element).closest("input, textarea, select, [contenteditable=''], [contenteditable='true']") !== null;
}
