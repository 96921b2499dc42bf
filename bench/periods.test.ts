import { describe, expect, test } from "bun:test";
import { periodStats, share, within } from "./periods";

describe("periodStats", () => {
  // Intervals 25, 25, 30, 20, 50 against a 25 ms period.
  const times = [1000, 1025, 1050, 1080, 1100, 1150];
  const p = periodStats(times, 25);

  test("rate is (n - 1) events over the span", () => {
    expect(p.n).toBe(6);
    expect(p.spanMs).toBe(150);
    expect(p.hz).toBeCloseTo(5000 / 150, 10);
  });

  test("period error is |interval - period| per interval", () => {
    // Errors 0, 0, 5, 5, 25: nearest-rank p50 = 5, p99 = 25.
    expect(p.periodErrorMs.n).toBe(5);
    expect(p.periodErrorMs.p50).toBe(5);
    expect(p.periodErrorMs.p99).toBe(25);
    expect(p.periodErrorMs.max).toBe(25);
    expect(p.periodErrorMs.mean).toBeCloseTo(7, 10);
  });

  test("a 50 ms gap leaves one slot empty; 30 and 20 ms intervals leave none", () => {
    expect(p.missed).toBe(1);
    expect(p.expected).toBe(7);
    expect(p.maxGapMs).toBe(50);
    // 6 events in 7 slots of a 40 Hz grid.
    expect(p.gridHz).toBeCloseTo((40 * 6) / 7, 10);
  });

  test("a tick 13 ms late still fills its slot: nothing missed", () => {
    // Intervals 25, 38, 12, 25: the third tick is late, the fourth on time.
    const q = periodStats([0, 25, 63, 75, 100], 25);
    expect(q.missed).toBe(0);
    expect(q.expected).toBe(5);
    expect(q.periodErrorMs.max).toBe(13);
  });

  test("on-grid rate ignores jitter of the end points", () => {
    // 41 ticks on a 25 ms grid, the first 3 ms late and the last 3 ms early.
    const ts = Array.from({ length: 41 }, (_, i) => i * 25);
    ts[0] = 3;
    ts[40] = 997;
    const q = periodStats(ts, 25);
    expect(q.gridHz).toBe(40);
    expect(q.hz).toBeCloseTo(40000 / 994, 10);
  });

  test("a window opening on a tick 14 ms late counts it for its own slot, not as a surplus", () => {
    // 1203 ticks of a 25 ms grid; the window's first is 13.7 ms late (its slot began before the window).
    const ts = Array.from({ length: 1203 }, (_, i) => 1000.4 + i * 25);
    ts[0] = 1000.4 + 13.7;
    const q = periodStats(ts, 25);
    expect(q.expected).toBe(1203);
    expect(q.gridHz).toBe(40);
    expect(q.missed).toBe(0);
    // The last tick 14 ms late instead: the same.
    const r = [...ts];
    r[0] = 1000.4;
    r[1202] = 1000.4 + 1202 * 25 + 14;
    expect(periodStats(r, 25).expected).toBe(1203);
  });

  test("a grid whose phase sits at the wrap of the period still counts its slots", () => {
    // Ticks alternate 0.4 ms early and late around a phase of 0: offsets 24.6 and 0.4.
    const ts = Array.from({ length: 81 }, (_, i) => i * 25 + (i % 2 === 0 ? 0.4 : -0.4));
    const q = periodStats(ts, 25);
    expect(q.expected).toBe(81);
    expect(q.gridHz).toBe(40);
    ts.splice(40, 1);
    expect(periodStats(ts, 25).missed).toBe(1);
  });

  test("a perfect 40 Hz series has no error and nothing missed", () => {
    const perfect = Array.from({ length: 41 }, (_, i) => 5000 + i * 25);
    const q = periodStats(perfect, 25);
    expect(q.hz).toBeCloseTo(40, 10);
    expect(q.gridHz).toBe(40);
    expect(q.periodErrorMs.max).toBe(0);
    expect(q.missed).toBe(0);
    expect(q.expected).toBe(41);
  });

  test("empty and single series give zeros", () => {
    expect(periodStats([], 25)).toMatchObject({ n: 0, hz: 0, expected: 0, missed: 0 });
    expect(periodStats([7], 25)).toMatchObject({ n: 1, hz: 0, expected: 1, spanMs: 0 });
  });
});

describe("within and share", () => {
  test("within keeps the closed interval, sorted", () => {
    expect(within([30, 10, 20, 40, 5], 10, 30)).toEqual([10, 20, 30]);
  });

  test("share is the fraction that holds", () => {
    expect(share([1, 2, 3, 4], (x) => x > 1)).toBe(0.75);
    expect(share([], () => true)).toBe(0);
  });
});
