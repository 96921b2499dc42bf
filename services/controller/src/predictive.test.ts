import { describe, expect, test } from "bun:test";
import { mulberry32 } from "@teleop/shared/prng";
import { type RobotMode, RobotModeTracker, robotStandIn } from "./predictive";

const measured = {
  pose: {
    position: [0.4, 0, 0.3] as [number, number, number],
    orientation: [1, 0, 0, 0] as [number, number, number, number],
  },
  gripper: 0.2,
};
const target = {
  pose: {
    position: [0.45, 0, 0.3] as [number, number, number],
    orientation: [1, 0, 0, 0] as [number, number, number, number],
  },
  gripper: 1,
};

/**
 * Ticks a tracker at `controlHz` for `seconds` while states measured every
 * `stateMs` (+ jitter) arrive `latencyMs` after their measurement; returns the
 * mode at every tick and how many times it changed.
 */
function run(o: {
  controlHz: number;
  stateMs: number;
  seconds: number;
  latencyMs?: number;
  jitterMs?: number;
  tracker?: RobotModeTracker;
  from?: number;
  stallAt?: [number, number];
}): { modes: RobotMode[]; changes: number; tracker: RobotModeTracker; end: number } {
  const interval = 1000 / o.controlHz;
  const tracker = o.tracker ?? new RobotModeTracker(interval);
  const rand = mulberry32(7);
  const start = o.from ?? 0;
  const end = start + o.seconds * 1000;
  let nextState = start;
  const modes: RobotMode[] = [];
  let changes = 0;
  let prev: RobotMode = tracker.mode;
  for (let t = start + interval / 2; t < end; t += interval) {
    // Every state measured by now and already arrived (measurement + latency <= t).
    while (nextState + (o.latencyMs ?? 0) <= t) {
      const stalled = o.stallAt && nextState >= o.stallAt[0] && nextState < o.stallAt[1];
      if (!stalled) tracker.observe(nextState);
      nextState += o.stateMs + (o.jitterMs ? (rand() - 0.5) * 2 * o.jitterMs : 0);
    }
    const m = tracker.update(t);
    if (m !== prev) changes++;
    prev = m;
    modes.push(m);
  }
  return { modes, changes, tracker, end };
}

describe("robot mode (REFERENCE section 4 predictive mode, with hysteresis)", () => {
  test("idle before any state; realtime on a fresh first state; predictive past 2 control intervals", () => {
    const m = new RobotModeTracker(50);
    expect(m.update(1000)).toBe("idle");
    m.observe(990);
    expect(m.update(1000)).toBe("realtime");
    expect(m.update(1090)).toBe("realtime");
    // 100.1 ms old at 20 Hz: past 2 intervals.
    expect(m.update(1090.1)).toBe("predictive");
  });

  test("the seed's arm (a state every 150 ms) at 20 Hz: steadily predictive, one change in a minute", () => {
    const r = run({ controlHz: 20, stateMs: 150, seconds: 60, latencyMs: 2 });
    // idle -> realtime on the first state, then realtime -> predictive once.
    expect(r.changes).toBeLessThanOrEqual(2);
    expect(r.modes.slice(10).every((m) => m === "predictive")).toBe(true);
    expect(r.tracker.stateIntervalMs()).toBeCloseTo(150, 6);
  });

  test("the same arm with +-20 ms jitter at 20 and at 40 Hz: at most a few changes a minute", () => {
    for (const controlHz of [20, 40]) {
      const r = run({ controlHz, stateMs: 150, jitterMs: 20, seconds: 60, latencyMs: 2 });
      expect(r.changes).toBeLessThanOrEqual(3);
    }
  });

  test("a fast arm (every 10 ms, 20 ms jitter) at 20 Hz: realtime throughout", () => {
    const r = run({ controlHz: 20, stateMs: 10, jitterMs: 5, seconds: 60, latencyMs: 2 });
    expect(r.changes).toBe(1);
    expect(r.modes.every((m) => m === "realtime")).toBe(true);
  });

  test("an arm near the boundary (every 100 ms +-15 ms) at 20 Hz: at most a few changes a minute", () => {
    const r = run({ controlHz: 20, stateMs: 100, jitterMs: 15, seconds: 60, latencyMs: 2 });
    expect(r.changes).toBeLessThanOrEqual(2);
  });

  test("a slow arm that speeds up: realtime once its rhythm is under 1.5 intervals, not before", () => {
    const slow = run({ controlHz: 20, stateMs: 150, seconds: 5 });
    const between = run({
      controlHz: 20,
      stateMs: 90,
      seconds: 30,
      tracker: slow.tracker,
      from: slow.end,
    });
    expect(between.changes).toBe(0);
    expect(between.tracker.mode).toBe("predictive");
    const fast = run({
      controlHz: 20,
      stateMs: 20,
      seconds: 5,
      tracker: slow.tracker,
      from: between.end,
    });
    expect(fast.changes).toBe(1);
    expect(fast.tracker.mode).toBe("realtime");
  });

  test("a fast arm stalls for a second: predictive within 3 ticks, realtime again after the hold, two changes", () => {
    const r = run({ controlHz: 20, stateMs: 10, seconds: 5, stallAt: [2000, 3000] });
    const ticksAt = (t: number) => Math.floor((t - 25) / 50) + 1;
    const firstPredictive = r.modes.indexOf("predictive");
    expect(firstPredictive).toBeGreaterThanOrEqual(ticksAt(2000));
    expect(firstPredictive).toBeLessThanOrEqual(ticksAt(2000) + 3);
    const back = r.modes.lastIndexOf("predictive") + 1;
    // Hold: max(3 x 10 ms, 4 x 50 ms) = 200 ms = 4 ticks after the first fresh tick.
    expect(back).toBeGreaterThanOrEqual(ticksAt(3000) + 4);
    expect(back).toBeLessThanOrEqual(ticksAt(3000) + 6);
    expect(r.changes).toBe(3);
  });

  test("the hold follows the measured state interval (median of the recent ones)", () => {
    const m = new RobotModeTracker(25);
    expect(m.holdMs()).toBe(100);
    for (const t of [0, 150, 300, 450, 2000, 2150]) m.observe(t);
    // Intervals 150, 150, 150, 1550, 150: median 150; 3 x 150.
    expect(m.stateIntervalMs()).toBe(150);
    expect(m.holdMs()).toBe(450);
  });

  test("predictive stands the last target in for the robot; realtime uses the measurement", () => {
    expect(robotStandIn("predictive", measured, target)).toBe(target);
    expect(robotStandIn("predictive", measured, undefined)).toBe(measured);
    expect(robotStandIn("realtime", measured, target)).toBe(measured);
    expect(robotStandIn("idle", undefined, target)).toBeUndefined();
  });
});
