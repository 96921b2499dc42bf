import { expect, test } from "bun:test";
import { BoundedQueue } from "./BoundedQueue";

test("keeps order, refuses and counts pushes beyond capacity", () => {
  const q = new BoundedQueue<number>(3);
  expect([1, 2, 3, 4, 5].map((x) => q.push(x))).toEqual([true, true, true, false, false]);
  expect(q.dropped).toBe(2);
  expect(q.shift()).toBe(1);
  expect(q.push(6)).toBe(true);
  expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([2, 3, 6, undefined]);
  expect(q.length).toBe(0);
});

test("stays correct across many cycles (internal compaction)", () => {
  const q = new BoundedQueue<number>(1000);
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 900; i++) q.push(next++);
    for (let i = 0; i < 900; i++) expect(q.shift()).toBe(expected++);
  }
  expect(q.dropped).toBe(0);
});

test("with a size function, a push that would pass the byte bound is dropped; shifting frees its bytes", () => {
  const q = new BoundedQueue<string>(100, 10, (s) => s.length);
  expect(["aaaa", "bbbb", "ccc", "dd"].map((s) => q.push(s))).toEqual([true, true, false, true]);
  expect({ bytes: q.bytes, dropped: q.dropped }).toEqual({ bytes: 10, dropped: 1 });
  expect(q.shift()).toBe("aaaa");
  expect(q.bytes).toBe(6);
  expect(q.push("eeee")).toBe(true);
  expect([q.shift(), q.shift(), q.shift()]).toEqual(["bbbb", "dd", "eeee"]);
  expect(q.bytes).toBe(0);
});

/** Pushes and shifts `n` fresh objects; returns weak references to them. */
function passThrough(q: BoundedQueue<object>, n: number): WeakRef<object>[] {
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < n; i++) {
    const item = { i, payload: new Array(16).fill(i) };
    refs.push(new WeakRef(item));
    q.push(item);
  }
  for (let i = 0; i < n; i++) q.shift();
  return refs;
}

test("a shifted item is not kept alive by the queue (it can be collected)", () => {
  const q = new BoundedQueue<object>(1000);
  const refs = passThrough(q, 200);
  Bun.gc(true);
  // The stack is scanned conservatively: allow a few stray survivors, not the 200 a queue that kept them would.
  expect(refs.filter((r) => r.deref() !== undefined).length).toBeLessThan(20);
});
