import { useCallback, useEffect, useRef, useState } from "react";

export interface Notice {
  id: number;
  level: "error" | "info";
  message: string;
  /** set a moment before the notice goes, so it can fade */
  leaving: boolean;
}

/** Notices are for events (code written, a run failed, a connection refused): at most a few,
 * and every one goes by itself; errors stay longer. */
export const MAX_NOTICES = 3;
const SHOWN_MS = { info: 4000, error: 9000 } as const;
const FADE_MS = 400;

export function useNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const later = useCallback((fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.current.delete(t);
      fn();
    }, ms);
    timers.current.add(t);
  }, []);

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const push = useCallback(
    (level: Notice["level"], message: string) => {
      const id = next.current++;
      setNotices((list) => [...list.filter((n) => n.message !== message).slice(-(MAX_NOTICES - 1)), { id, level, message, leaving: false }]);
      later(() => setNotices((list) => list.map((n) => (n.id === id ? { ...n, leaving: true } : n))), SHOWN_MS[level]);
      later(() => dismiss(id), SHOWN_MS[level] + FADE_MS);
    },
    [dismiss, later],
  );

  useEffect(() => {
    const live = timers.current;
    return () => live.forEach((t) => clearTimeout(t));
  }, []);

  return { notices, push, dismiss };
}
