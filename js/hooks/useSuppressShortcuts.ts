import { type RefObject, useEffect } from "react";

const ATTR = "data-lm-suppress-shortcuts";

/**
 * JupyterLab's command-mode shortcuts (b, dd, arrows, z...) fire on key events from inside a
 * cell's output. Lumino skips an event whose target, or an ancestor below the matched selector,
 * carries `data-lm-suppress-shortcuts`: mark the root and every element that gets focus in it.
 */
export function useSuppressShortcuts(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    el.setAttribute(ATTR, "true");
    const onFocusIn = (e: FocusEvent) => {
      const t = e.target;
      if (t instanceof Element && !t.hasAttribute(ATTR)) t.setAttribute(ATTR, "true");
    };
    el.addEventListener("focusin", onFocusIn);
    return () => el.removeEventListener("focusin", onFocusIn);
  }, [root]);
}
