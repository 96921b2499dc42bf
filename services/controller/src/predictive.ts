/**
 * Which robot pose the law moves from (REFERENCE section 4, predictive mode):
 * the measured state while it is fresh, else the last commanded target. Age is
 * measured from the robot's measurement time, so the label is honest.
 *
 * The mode is a property of the arm's rhythm, not of one tick: an arm that
 * answers every 150 ms is older than 2 control intervals (100 ms at 20 Hz) on
 * one tick in three, and a per-tick rule flips the mode (and the pose the law
 * moves from) several times a second. So predictive starts on the first tick
 * past 2 intervals (a late state is never trusted), and realtime returns only
 * when the arm's measured rhythm is faster than 1.5 intervals and every tick
 * has seen a state younger than that for a hold time of several measured state
 * intervals (hysteresis on the age, the rhythm and the time).
 */
import { PREDICTIVE_AFTER_INTERVALS } from "@teleop/shared/control";
import type { Pose } from "@teleop/shared/math";

export type RobotMode = "idle" | "realtime" | "predictive";

export interface RobotPose {
  pose: Pose;
  /** 0 open .. 1 closed. */
  gripper: number;
}

/** Back to realtime only below this many control intervals of age and of state interval (entry is at PREDICTIVE_AFTER_INTERVALS). */
export const REALTIME_BELOW_INTERVALS = 1.5;
/** ...held for this many measured state intervals... */
export const REALTIME_HOLD_STATE_INTERVALS = 3;
/** ...and at least this many control intervals. */
export const REALTIME_HOLD_MIN_INTERVALS = 4;
/** State intervals kept for the median. */
const INTERVAL_WINDOW = 8;

export class RobotModeTracker {
  private current: RobotMode = "idle";
  private freshSince: number | undefined;
  private lastStateT: number | undefined;
  private readonly intervals: number[] = [];

  constructor(private readonly controlIntervalMs: number) {}

  get mode(): RobotMode {
    return this.current;
  }

  /** A robot state measured at `t` arrived. */
  observe(t: number): void {
    if (this.lastStateT !== undefined && t > this.lastStateT) {
      this.intervals.push(t - this.lastStateT);
      if (this.intervals.length > INTERVAL_WINDOW) this.intervals.shift();
    }
    if (this.lastStateT === undefined || t > this.lastStateT) this.lastStateT = t;
  }

  /** Median of the recent intervals between measurements; the control interval before two states. */
  stateIntervalMs(): number {
    if (this.intervals.length === 0) return this.controlIntervalMs;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  }

  /** How long every tick must see a fresh state before realtime returns. */
  holdMs(): number {
    return Math.max(
      REALTIME_HOLD_STATE_INTERVALS * this.stateIntervalMs(),
      REALTIME_HOLD_MIN_INTERVALS * this.controlIntervalMs,
    );
  }

  /** The mode at this tick. */
  update(now: number): RobotMode {
    if (this.lastStateT === undefined) return this.current;
    const age = now - this.lastStateT;
    if (age > PREDICTIVE_AFTER_INTERVALS * this.controlIntervalMs) {
      this.current = "predictive";
      this.freshSince = undefined;
      return this.current;
    }
    if (this.current === "idle") {
      this.current = "realtime";
      return this.current;
    }
    if (this.current === "predictive") {
      const bound = REALTIME_BELOW_INTERVALS * this.controlIntervalMs;
      if (age > bound || this.stateIntervalMs() > bound) this.freshSince = undefined;
      else {
        this.freshSince ??= now;
        if (now - this.freshSince >= this.holdMs()) {
          this.current = "realtime";
          this.freshSince = undefined;
        }
      }
    }
    return this.current;
  }
}

/** The pose the law treats as the robot's; falls back to the last measured one before any target. */
export function robotStandIn(
  mode: RobotMode,
  measured: RobotPose | undefined,
  lastTarget: RobotPose | undefined,
): RobotPose | undefined {
  if (mode === "predictive") return lastTarget ?? measured;
  if (mode === "realtime") return measured;
  return undefined;
}
