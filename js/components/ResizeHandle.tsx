import { useRef } from "react";

export const MIN_HEIGHT = 280;
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

/** The bar between the canvas and the preview: drag it to share the height between them. */
export function SplitHandle({ onDrag }: { onDrag: (dy: number) => void }) {
  const last = useRef<number | null>(null);
  return (
    <div
      className="ff-split"
      data-testid="split-handle"
      title="Drag to share the height between the canvas and the preview"
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        last.current = e.clientY;
      }}
      onPointerMove={(e) => {
        if (last.current === null) return;
        onDrag(e.clientY - last.current);
        last.current = e.clientY;
      }}
      onPointerUp={(e) => {
        last.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
    />
  );
}
