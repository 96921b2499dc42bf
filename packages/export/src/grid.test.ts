import { describe, expect, test } from "bun:test";
import { distinctByTime, gridTimes, lagSummary, newestAtOrBefore } from "./grid";

describe("gridTimes", () => {
  test("k / fps from the start, the end included when it sits on the grid", () => {
    expect(gridTimes(1000, 1100, 20)).toEqual([1000, 1050, 1100]);
    expect(gridTimes(1000, 1099, 20)).toEqual([1000, 1050]);
    expect(gridTimes(0, 1000, 30)).toHaveLength(31);
    expect(gridTimes(0, 1000, 30)[3]).toBeCloseTo(100, 9);
  });
  test("an end before the start gives no rows; fps must be positive", () => {
    expect(gridTimes(10, 5, 30)).toEqual([]);
    expect(() => gridTimes(0, 10, 0)).toThrow(/fps/);
  });
});

describe("newestAtOrBefore", () => {
  test("picks the newest sample at or before each grid time, never a later one", () => {
    const r = newestAtOrBefore([0, 10, 25, 40], [0, 9.99, 10, 30, 50]);
    expect(r.index).toEqual([0, 0, 1, 2, 3]);
    expect(r.lagMs.map((x) => Number(x.toFixed(6)))).toEqual([0, 9.99, 0, 5, 10]);
  });
  test("a grid that starts before the first sample is refused", () => {
    expect(() => newestAtOrBefore([5, 6], [4, 5])).toThrow(/precedes the first sample/);
  });
});

test("lagSummary: nearest-rank median and the maximum", () => {
  expect(lagSummary([4, 1, 3, 2, 10])).toEqual({ p50: 3, max: 10 });
  expect(lagSummary([])).toEqual({ p50: 0, max: 0 });
});

test("distinctByTime sorts and drops repeats of one source message", () => {
  const r = distinctByTime([
    { t: 20, value: "b" },
    { t: 10, value: "a" },
    { t: 20, value: "b" },
    { t: 30, value: "c" },
  ]);
  expect(r).toEqual({ t: [10, 20, 30], values: ["a", "b", "c"] });
});
