// User Timing marks at the steps between an edit and its preview, so the time a person waits
// can be split into its parts in the browser's own profiler (and by benchmarks/browser.py).
export type Step = "update-sent" | "graph-received" | "preview-asked" | "preview-answered";

export function mark(step: Step): void {
  if (typeof performance !== "undefined" && typeof performance.mark === "function") {
    performance.mark(`flowfile:${step}`);
    // keep the buffer small: only the latest few of each step are useful
    if (performance.getEntriesByName(`flowfile:${step}`).length > 50) performance.clearMarks(`flowfile:${step}`);
  }
}
