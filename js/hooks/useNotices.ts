import { useCallback, useEffect, useRef, useState } from "react";

export interface Notice {
  id: number;
  level: "error" | "info";
  message: string;
}

const INFO_MS = 4000;

/** Toasts: errors stay until dismissed, info fades after a few seconds. */
export function useNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const push = useCallback(
    (level: Notice["level"], message: string) => {
      const id = next.current++;
      setNotices((list) => [...list.slice(-4), { id, level, message }]);
      if (level === "info") {
        const t = setTimeout(() => {
          timers.current.delete(t);
          dismiss(id);
        }, INFO_MS);
        timers.current.add(t);
      }
    },
    [dismiss],
  );

  useEffect(() => {
    const live = timers.current;
    return () => live.forEach((t) => clearTimeout(t));
  }, []);

  return { notices, push, dismiss };
}
