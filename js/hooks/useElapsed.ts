// Whole seconds since `running` turned true (0 while it is false), ticking once a second: a long
// run shows how long it has been going, and a stuck one says so.
import { useEffect, useState } from "react";

export function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    setSeconds(0);
    if (!running) return;
    const start = performance.now();
    const timer = setInterval(() => setSeconds(Math.floor((performance.now() - start) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return seconds;
}
