/**
 * Accumulates partial patches and flushes their merge once `wait` ms have passed without a new
 * one. `flush()` sends what is pending at once (on blur, node switch, unmount); `cancel()` drops it.
 */
export interface PatchDebouncer<T extends object> {
  push(patch: Partial<T>): void;
  flush(): void;
  cancel(): void;
  pending(): Partial<T>;
}

export function patchDebouncer<T extends object>(
  send: (merged: Partial<T>) => void,
  wait: number,
  timers: {
    set: (fn: () => void, ms: number) => unknown;
    clear: (handle: unknown) => void;
  } = {
    set: (fn, ms) => setTimeout(fn, ms),
    clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
): PatchDebouncer<T> {
  let pending: Partial<T> = {};
  let handle: unknown = null;
  const stop = () => {
    if (handle !== null) timers.clear(handle);
    handle = null;
  };
  const flush = () => {
    stop();
    if (Object.keys(pending).length === 0) return;
    const merged = pending;
    pending = {};
    send(merged);
  };
  return {
    push(patch) {
      pending = { ...pending, ...patch };
      stop();
      handle = timers.set(flush, wait);
    },
    flush,
    cancel() {
      stop();
      pending = {};
    },
    pending: () => pending,
  };
}
