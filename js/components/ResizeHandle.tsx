import { useRef } from "react";

export const MIN_HEIGHT = 240;
export const MAX_HEIGHT = 2400;

export function clampHeight(h: number): number {
  return Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, h)));
}

interface Props {
  height: number;
  onResize: (h: number) => void;
  onResizeEnd: (h: number) => void;
}

/** A bar under the canvas: drag it to change the canvas height. */
export function ResizeHandle({ height, onResize, onResizeEnd }: Props) {
  const start = useRef<{ y: number; h: number } | null>(null);
  const last = useRef(height);
  return (
    <div
      className="ff-resize"
      data-testid="resize-handle"
      title="Drag to resize"
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { y: e.clientY, h: height };
        last.current = height;
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        last.current = clampHeight(start.current.h + e.clientY - start.current.y);
        onResize(last.current);
      }}
      onPointerUp={(e) => {
        if (!start.current) return;
        start.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
        onResizeEnd(last.current);
      }}
    />
  );
}
