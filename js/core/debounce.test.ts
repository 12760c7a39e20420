import assert from "node:assert/strict";
import { test } from "node:test";
import { patchDebouncer } from "./debounce";

function fakeTimers() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn: () => void, ms: number) => {
      const id = next++;
      due.set(id, { at: now + ms, fn });
      return id;
    },
    clear: (h: unknown) => void due.delete(h as number),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...due]) {
        if (t.at <= now) {
          due.delete(id);
          t.fn();
        }
      }
    },
  };
}

test("patches typed within the window are merged and sent once", () => {
  const t = fakeTimers();
  const sent: object[] = [];
  const d = patchDebouncer<Record<string, unknown>>((m) => sent.push(m), 300, t);
  d.push({ expr: "pl.col" });
  t.advance(200);
  d.push({ expr: "pl.col('a')" });
  d.push({ n: 3 });
  t.advance(299);
  assert.equal(sent.length, 0);
  t.advance(1);
  assert.deepEqual(sent, [{ expr: "pl.col('a')", n: 3 }]);
});

test("flush sends at once, cancel drops, nothing pending sends nothing", () => {
  const t = fakeTimers();
  const sent: object[] = [];
  const d = patchDebouncer<Record<string, unknown>>((m) => sent.push(m), 300, t);
  d.flush();
  assert.equal(sent.length, 0);
  d.push({ a: 1 });
  d.flush();
  assert.deepEqual(sent, [{ a: 1 }]);
  d.push({ b: 2 });
  d.cancel();
  t.advance(1000);
  assert.equal(sent.length, 1);
  assert.deepEqual(d.pending(), {});
});
