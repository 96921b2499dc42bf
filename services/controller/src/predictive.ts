/**
 * Which robot pose the law moves from (REFERENCE section 4, predictive mode):
 * the measured state while it is fresh, else the last commanded target. Age is
 * measured from the robot's measurement time, so the label is honest.
 */
import { PREDICTIVE_AFTER_INTERVALS } from "@teleop/shared/control";
import type { Pose } from "@teleop/shared/math";

export type RobotMode = "idle" | "realtime" | "predictive";

export interface RobotPose {
  pose: Pose;
  /** 0 open .. 1 closed. */
  gripper: number;
}

/** idle before any robot state; predictive once the newest is older than 2 control intervals. */
export function robotMode(stateT: number | undefined, now: number, intervalMs: number): RobotMode {
  if (stateT === undefined) return "idle";
  return now - stateT > PREDICTIVE_AFTER_INTERVALS * intervalMs ? "predictive" : "realtime";
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
