import { describe, expect, test } from "bun:test";
import {
  addFrame,
  aggregateStats,
  emptyHistograms,
  imageSampleCount,
  imageSampleIndices,
  imageStats,
  quantileSorted,
  statsDownsample,
  statsFromJson,
  statsJson,
  vectorStats,
} from "./stats";

describe("vectorStats", () => {
  test("per dimension, population std, linear quantiles (hand-computed)", () => {
    // Two dimensions over four rows: [1,10] [2,20] [3,30] [4,40].
    const s = vectorStats([1, 10, 2, 20, 3, 30, 4, 40], 2);
    expect(s.min).toEqual([1, 10]);
    expect(s.max).toEqual([4, 40]);
    expect(s.mean).toEqual([2.5, 25]);
    // Population variance of 1..4 = 1.25.
    expect(s.std[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(s.std[1]).toBeCloseTo(10 * Math.sqrt(1.25), 12);
    expect(s.count).toEqual([4]);
    // Position (n-1)q = 3q: q01 -> 1.03, q10 -> 1.3, q50 -> 2.5, q90 -> 3.7, q99 -> 3.97.
    expect(s.q01[0]).toBeCloseTo(1.03, 12);
    expect(s.q10[0]).toBeCloseTo(1.3, 12);
    expect(s.q50).toEqual([2.5, 25]);
    expect(s.q90[1]).toBeCloseTo(37, 12);
    expect(s.q99[0]).toBeCloseTo(3.97, 12);
  });
  test("unsorted input and a single row", () => {
    expect(vectorStats([3, 1, 2], 1).q50).toEqual([2]);
    const one = vectorStats([7], 1);
    expect([one.min, one.max, one.mean, one.std, one.q01, one.q99]).toEqual([
      [7],
      [7],
      [7],
      [0],
      [7],
      [7],
    ]);
    expect(() => vectorStats([1, 2, 3], 2)).toThrow();
  });
  test("quantileSorted interpolates between neighbours", () => {
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileSorted([5], 0.99)).toBe(5);
  });
});

describe("imageStats", () => {
  test("per channel in [0, 1] from two 2-pixel frames; count is frames", () => {
    const h = emptyHistograms();
    addFrame(h, new Uint8Array([0, 255, 51, 255, 255, 51]));
    addFrame(h, new Uint8Array([0, 0, 102, 255, 0, 102]));
    const s = imageStats(h);
    expect(s.count).toEqual([2]);
    // R: 0, 255, 0, 255 -> mean 0.5, std 0.5, min 0, max 1, q50 between 0 and 1 -> 0.5.
    expect(s.mean[0]).toBeCloseTo(0.5, 12);
    expect(s.std[0]).toBeCloseTo(0.5, 12);
    expect(s.min[0]).toBe(0);
    expect(s.max[0]).toBe(1);
    expect(s.q50[0]).toBeCloseTo(0.5, 12);
    // G: 255, 255, 0, 0 -> q10 at position 0.3 between 0 and 0 -> 0; q90 at 2.7 -> 1.
    expect(s.q10[1]).toBe(0);
    expect(s.q90[1]).toBe(1);
    // B: 51, 51, 102, 102 -> mean 76.5/255 = 0.3, std 25.5/255 = 0.1; q50 = 0.3.
    expect(s.mean[2]).toBeCloseTo(0.3, 12);
    expect(s.std[2]).toBeCloseTo(0.1, 12);
    expect(s.q50[2]).toBeCloseTo(0.3, 12);
    expect(s.q01[2]).toBeCloseTo((51 + 0.03 * 0) / 255, 12);
  });
  test("JSON form is (3, 1, 1) per stat and reads back", () => {
    const h = emptyHistograms();
    addFrame(h, new Uint8Array([10, 20, 30]));
    const json = statsJson(imageStats(h), true);
    expect(json.mean).toEqual([[[10 / 255]], [[20 / 255]], [[30 / 255]]]);
    expect(json.count).toEqual([1]);
    expect(statsFromJson(json).mean).toEqual([10 / 255, 20 / 255, 30 / 255]);
  });
});

describe("aggregateStats", () => {
  test("equals the stats of the pooled rows for min, max, mean, std and count", () => {
    const a = [1, 2, 3, 4];
    const b = [10, 20];
    const agg = aggregateStats([vectorStats(a, 1), vectorStats(b, 1)]);
    const all = vectorStats([...a, ...b], 1);
    expect(agg.count).toEqual([6]);
    expect(agg.min).toEqual(all.min);
    expect(agg.max).toEqual(all.max);
    expect(agg.mean[0]).toBeCloseTo(all.mean[0]!, 12);
    expect(agg.std[0]).toBeCloseTo(all.std[0]!, 12);
    // Quantiles are count-weighted means of the episodes' (LeRobot's rule): (2.5*4 + 15*2) / 6.
    expect(agg.q50[0]).toBeCloseTo((2.5 * 4 + 15 * 2) / 6, 12);
  });
});

describe("image sampling as LeRobot does it", () => {
  test("sample counts: all up to 100 frames, then n^0.75", () => {
    expect(imageSampleCount(40)).toBe(40);
    expect(imageSampleCount(500)).toBe(105);
    expect(imageSampleCount(1000)).toBe(177);
    expect(imageSampleIndices(5)).toEqual([0, 1, 2, 3, 4]);
    const idx = imageSampleIndices(1000);
    expect(idx).toHaveLength(177);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(999);
  });
  test("downsample stride: about 150 px on the long side", () => {
    expect(statsDownsample(640, 480)).toBe(4);
    expect(statsDownsample(299, 200)).toBe(1);
    expect(statsDownsample(1280, 720)).toBe(8);
  });
});
