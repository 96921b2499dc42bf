/** Building valid RobotCommand messages for the bridge tests. */
import { now } from "@teleop/shared/clock";
import { COMMAND_DEADLINE_INTERVALS, PERFORMANCE_GAINS } from "@teleop/shared/control";
import type { Pose } from "@teleop/shared/math";
import type { RobotCommand } from "@teleop/shared/messages";
import { robotCommand } from "../support/fixtures";

/** A command's lifetime at the 40 Hz control rate. */
export const DEADLINE_MS = (COMMAND_DEADLINE_INTERVALS * 1000) / PERFORMANCE_GAINS.hz;

export function command(seq: number, target: Pose, over: Partial<RobotCommand> = {}): RobotCommand {
  const t = now();
  return robotCommand(seq, t, { deadline: t + DEADLINE_MS, target, vrSeq: seq, vrT: t, ...over });
}

export function offset(p: Pose, dx: number, dy: number, dz: number): Pose {
  return {
    position: [p.position[0] + dx, p.position[1] + dy, p.position[2] + dz],
    orientation: [...p.orientation],
  };
}
