import { describe, expect, test } from "bun:test";
import { episodeRows, gridStart, type RowStreams } from "./rows";

const series = (t: number[], dim: number, base: number) => ({
  t,
  values: t.map((_, i) => Array.from({ length: dim }, (_, d) => base + i + d / 10)),
});

/** Four streams whose samples arrive at different times; grid at 10 Hz from t = 1000 ms. */
const streams: RowStreams = {
  "observation.state": series([1000, 1040, 1120, 1190], 8, 0),
  "observation.state.cartesian_position": series([1000, 1040, 1120, 1190], 6, 10),
  action: series([995, 1100, 1250], 7, 20),
  "action.cartesian_position": series([990, 1101, 1300], 6, 30),
};

describe("episodeRows", () => {
  const rows = episodeRows({
    streams,
    startMs: 1000,
    endMs: 1300,
    fps: 10,
    episodeIndex: 3,
    indexBase: 100,
    taskIndex: 1,
  });

  test("grid from start to end at 1 / fps", () => {
    expect(rows.length).toBe(4);
    expect(rows.grid).toEqual([1000, 1100, 1200, 1300]);
  });

  test("each value is the newest sample at or before the grid time, never a later one", () => {
    // State samples at 1000, 1040, 1120, 1190 -> rows use samples 0, 1, 3, 3.
    expect(rows.vectors["observation.state"]!.map((r) => r[0])).toEqual([0, 1, 3, 3]);
    // Action at 995, 1100, 1250 -> 0, 1 (exactly at 1100), 1, 2.
    expect(rows.vectors.action!.map((r) => r[0])).toEqual([20, 21, 21, 22]);
    // Target at 990, 1101, 1300: 1101 is after 1100, so the row at 1100 keeps sample 0.
    expect(rows.vectors["action.cartesian_position"]!.map((r) => r[0])).toEqual([30, 30, 31, 32]);
    expect(rows.vectors["observation.state"]![0]).toHaveLength(8);
    // Stored as float32.
    expect(rows.vectors["observation.state"]![0]![1]).toBe(Math.fround(0.1));
  });

  test("lag per stream: grid time minus the chosen sample's time", () => {
    // State lags: 0, 60, 10, 110 -> p50 (nearest rank) 10, max 110.
    expect(rows.lags.robot_state).toEqual({ p50: 10, max: 110 });
    // Target lags: 10, 110, 99, 0 -> sorted 0 10 99 110 -> p50 10, max 110.
    expect(rows.lags["command.target"]).toEqual({ p50: 10, max: 110 });
  });

  test("index columns and their stats", () => {
    expect(rows.scalars.timestamp).toEqual([0, 0.1, 0.2, 0.3].map(Math.fround));
    expect(rows.scalars.frame_index).toEqual([0, 1, 2, 3]);
    expect(rows.scalars.episode_index).toEqual([3, 3, 3, 3]);
    expect(rows.scalars.index).toEqual([100, 101, 102, 103]);
    expect(rows.scalars.task_index).toEqual([1, 1, 1, 1]);
    expect(rows.stats.index!.mean).toEqual([101.5]);
    expect(rows.stats.frame_index!.max).toEqual([3]);
    // State dim 0 over rows 0, 1, 3, 3: mean 1.75.
    expect(rows.stats["observation.state"]!.mean[0]).toBeCloseTo(1.75, 12);
    expect(rows.stats["observation.state"]!.count).toEqual([4]);
  });
});

test("gridStart: the first time every stream has a sample", () => {
  expect(gridStart([1000, 995, 990, 1012])).toBe(1012);
});
