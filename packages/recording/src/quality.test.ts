import { describe, expect, test } from "bun:test";
import { measuredFps, offsetsToTicks, qualityFlags, seqGaps, tickFigures } from "./quality";

const ticksAt = (hz: number, n: number, skip: number[] = []) =>
  Array.from({ length: n }, (_, i) => 1000 + (i * 1000) / hz).filter((_, i) => !skip.includes(i));

describe("tickFigures", () => {
  test("a steady 40 Hz run: its rate, nothing dropped, one period as the longest gap", () => {
    const f = tickFigures(ticksAt(40, 401), 40);
    expect(f.ticks).toBe(401);
    expect(f.rateHz).toBeCloseTo(40, 9);
    expect(f.droppedTicks).toBe(0);
    expect(f.longestGapMs).toBeCloseTo(25, 9);
  });

  test("missed slots are counted from the gaps, the longest gap is the widest hole", () => {
    // Slots 10, 11, 12 and 30 missing: 4 dropped, a 4-period hole.
    const f = tickFigures(ticksAt(40, 100, [10, 11, 12, 30]), 40);
    expect(f.ticks).toBe(96);
    expect(f.droppedTicks).toBe(4);
    expect(f.longestGapMs).toBeCloseTo(100, 9);
    expect(f.rateHz).toBeCloseTo((95 * 1000) / (99 * 25), 9);
  });

  test("fewer than two ticks: no rate", () => {
    expect(tickFigures([5], 40)).toEqual({ ticks: 1, rateHz: 0, droppedTicks: 0, longestGapMs: 0 });
  });
});

test("measuredFps and seqGaps", () => {
  expect(measuredFps(ticksAt(30, 31))).toBeCloseTo(30, 9);
  expect(measuredFps([1])).toBe(0);
  expect(seqGaps([1, 2, 3, 4])).toBe(0);
  expect(seqGaps([1, 2, 5, 6, 9])).toBe(4);
  // A camera restart (seq back to 0) loses nothing by itself.
  expect(seqGaps([7, 8, 0, 1])).toBe(0);
});

describe("qualityFlags", () => {
  const base = {
    targetHz: 40,
    ticks: tickFigures(ticksAt(40, 400), 40),
    stale: { vr_state: 0, robot_command: 20, robot_state: 21 },
    cameras: [],
  };

  test("a good episode has none; a stream stale on more than 5 % of ticks is flagged", () => {
    expect(qualityFlags({ ...base, stale: { vr_state: 0, robot_command: 20 } })).toEqual([]);
    expect(qualityFlags(base)).toEqual(["stale_robot_state"]);
  });

  test("under 95 % of the target rate is low_rate; 95 % exactly is not", () => {
    const at = (hz: number) => ({ ...base, stale: {}, ticks: tickFigures(ticksAt(hz, 400), 40) });
    expect(qualityFlags(at(38))).toEqual([]);
    expect(qualityFlags(at(37.9))).toEqual(["low_rate"]);
  });

  test("a camera under 95 % of its fps or with lost frames is flagged; unknown target is not judged", () => {
    const flags = qualityFlags({
      ...base,
      stale: {},
      cameras: [
        { camera: "scene", fps: 28, targetFps: 30, framesLost: 0 },
        { camera: "wrist", fps: 29.9, targetFps: 30, framesLost: 2 },
        { camera: "other", fps: 3, framesLost: 0 },
      ],
    });
    expect(flags).toEqual(["camera_scene_low_fps", "camera_wrist_lost_frames"]);
  });

  test("no ticks at all", () => {
    expect(qualityFlags({ ...base, ticks: tickFigures([], 40) })).toEqual(["no_ticks"]);
  });
});

test("offsetsToTicks: each frame against its nearest tick", () => {
  const ticks = [0, 25, 50, 75, 100];
  expect(offsetsToTicks([3, 20, 49, 62, 140], ticks)).toEqual([3, -5, -1, 12, 40]);
  expect(offsetsToTicks([1], [])).toEqual([]);
});
