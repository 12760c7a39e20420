import { type OnConnectEnd, type OnConnectStart, useStoreApi } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { nextPan } from "../core/autopan";
import type { FlowEdge, FlowNode } from "../core/graph";
import type { XY } from "../protocol";

function clientPoint(e: MouseEvent | TouchEvent): XY {
  const t = "touches" in e ? (e.touches[0] ?? e.changedTouches[0]) : e;
  return t ? { x: t.clientX, y: t.clientY } : { x: NaN, y: NaN };
}

/**
 * Auto-pan while a new connection or an edge's end is dragged, in place of React Flow's own
 * (`autoPanOnConnect={false}`): that one pans from the first move whenever the drag starts
 * within 40 px of the border, so an edge end grabbed there slid the canvas while it was carried
 * inward, and it was dropped beside the handle it was aimed at (the edge was lost).
 */
export function useConnectAutoPan() {
  const store = useStoreApi<FlowNode, FlowEdge>();
  const stop = useRef<(() => void) | null>(null);

  const onConnectStart: OnConnectStart = useCallback(
    (event) => {
      stop.current?.();
      const doc = (event.target as Node | null)?.ownerDocument ?? document;
      let pointer = clientPoint(event);
      let armed = false;
      let frame = 0;
      const follow = (pan: boolean) => {
        const el = store.getState().domNode;
        if (!el) return;
        const box = el.getBoundingClientRect();
        const next = nextPan(armed, { x: pointer.x - box.left, y: pointer.y - box.top }, box.width, box.height);
        armed = next.armed;
        if (pan && next.pan) void store.getState().panBy(next.pan);
      };
      const onMove = (e: MouseEvent | TouchEvent) => {
        pointer = clientPoint(e);
        follow(false);
      };
      const tick = () => {
        follow(true);
        frame = requestAnimationFrame(tick);
      };
      const end = () => {
        cancelAnimationFrame(frame);
        doc.removeEventListener("mousemove", onMove);
        doc.removeEventListener("touchmove", onMove);
        doc.removeEventListener("mouseup", end);
        doc.removeEventListener("touchend", end);
        stop.current = null;
      };
      doc.addEventListener("mousemove", onMove);
      doc.addEventListener("touchmove", onMove);
      doc.addEventListener("mouseup", end);
      doc.addEventListener("touchend", end);
      stop.current = end;
      follow(false); // armed at once when the drag starts away from the border
      frame = requestAnimationFrame(tick);
    },
    [store],
  );
  const onConnectEnd: OnConnectEnd = useCallback(() => stop.current?.(), []);
  useEffect(() => () => stop.current?.(), []);
  return useMemo(() => ({ onConnectStart, onConnectEnd }), [onConnectStart, onConnectEnd]);
}
