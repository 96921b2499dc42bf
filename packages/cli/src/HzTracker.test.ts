import { expect, test } from "bun:test";
import { HzTracker, periodStats, sourceTime } from "./HzTracker";

test("periods 10, 20, 30 ms: 50 Hz, min 10, max 30, std sqrt(200/3)", () => {
  const s = periodStats("a", [0, 10, 30, 60], 5);
  expect(s.hz).toBeCloseTo(50, 9);
  expect(s.minMs).toBe(10);
  expect(s.maxMs).toBe(30);
  expect(s.meanMs).toBe(20);
  expect(s.stdMs).toBeCloseTo(8.16497, 4);
  expect(s.count).toBe(4);
  expect(s.ageMs).toBe(5);
});

test("a steady 25 ms stream is 40 Hz with zero spread", () => {
  const s = periodStats("a", [100, 125, 150, 175, 200], 0);
  expect(s.hz).toBeCloseTo(40, 9);
  expect(s.stdMs).toBe(0);
});

test("one message gives no rate", () => {
  const s = periodStats("a", [100], 0);
  expect(s.hz).toBe(0);
  expect(s.meanMs).toBeNull();
});

test("messages older than the window drop out; age uses the source time when known", () => {
  const h = new HzTracker(1000);
  h.record("x", 0);
  h.record("x", 500);
  h.record("x", 1000, 990);
  h.record("y", 900);
  const [x, y] = h.stats(1200);
  // At 1200 the window is (200, 1200]: 500 and 1000 remain, one period of 500 ms.
  expect(x!.subject).toBe("x");
  expect(x!.count).toBe(2);
  expect(x!.hz).toBeCloseTo(2, 9);
  expect(x!.ageMs).toBe(210);
  expect(y!.ageMs).toBe(300);
  expect(h.stats(5000)[0]!.hz).toBe(0);
});

test("sourceTime accepts only a plausible epoch-ms t", () => {
  expect(sourceTime({ t: 1_764_000_000_000.5 })).toBe(1_764_000_000_000.5);
  expect(sourceTime({ t: 12 })).toBeUndefined();
  expect(sourceTime({ t: "now" })).toBeUndefined();
  expect(sourceTime([1, 2])).toBeUndefined();
  expect(sourceTime(null)).toBeUndefined();
});
