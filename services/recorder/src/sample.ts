/**
 * One tick of the recording: the latest value of every stream plus the tick
 * time in, the records of every channel and the staleness of every stream
 * out. Pure, so the layout is tested without NATS or files.
 */

import type { ChannelKey } from "@teleop/recording/channels";
import { BASE_FRAME, staticTransforms, VR_FRAME } from "@teleop/recording/frames";
import {
  actionRecord,
  armTransforms,
  foxgloveTransforms,
  jointStatesRecord,
  poseInFrame,
  robotStateRecord,
  tfRecord,
  vrControllerRecord,
} from "@teleop/recording/records";
import { STREAMS, type StalenessRecord, type StreamName } from "@teleop/recording/schemas";
import { rosTime } from "@teleop/recording/time";
import type { ControlStatus, RobotCommand, RobotState, VrState } from "@teleop/shared/messages";

/** The latest message of each sampled stream (undefined until one arrived). */
export interface LatestValues {
  vr?: VrState;
  command?: RobotCommand;
  robot?: RobotState;
  status?: ControlStatus;
}

export interface TickRecord {
  channel: ChannelKey;
  /** When the record was sampled (epoch ms). */
  logTimeMs: number;
  /** When its source message was made (epoch ms). */
  publishTimeMs: number;
  message: unknown;
}

export interface TickSample {
  records: TickRecord[];
  ages: Record<StreamName, number | null>;
  stale: StreamName[];
}

const STATIC = staticTransforms();

export function sampleTick(
  latest: LatestValues,
  tickMs: number,
  maxStaleMs: number,
  hand: "right" | "left" = "right",
): TickSample {
  const records: TickRecord[] = [];
  const add = (channel: ChannelKey, sourceT: number, message: unknown) =>
    records.push({ channel, logTimeMs: tickMs, publishTimeMs: sourceT, message });
  const { vr, command, robot, status } = latest;

  if (robot) {
    add("rawRobotState", robot.t, robot);
    add("robotState", robot.t, robotStateRecord(robot, tickMs));
    const joints = jointStatesRecord(robot, tickMs);
    if (joints) add("jointStates", robot.t, joints);
    const arm = armTransforms(robot);
    if (arm) {
      add("tf", robot.t, tfRecord(arm, tickMs));
      add("foxgloveTf", robot.t, foxgloveTransforms([...STATIC, ...arm], tickMs));
    }
  }
  if (command) {
    add("rawRobotCommand", command.t, command);
    add("action", command.t, actionRecord(command, tickMs));
    add("target", command.t, poseInFrame(command.target, BASE_FRAME, tickMs));
  }
  if (vr) {
    add("rawVrState", vr.t, vr);
    const movement = status?.movement ?? command?.movement ?? false;
    add("vrController", vr.t, vrControllerRecord(vr, movement, tickMs, hand));
    if (vr.right) add("controllerRight", vr.t, poseInFrame(vr.right.pose, VR_FRAME, tickMs));
    if (vr.left) add("controllerLeft", vr.t, poseInFrame(vr.left.pose, VR_FRAME, tickMs));
  }
  if (status) add("rawControlStatus", status.t, status);

  const age = (m: { t: number } | undefined) => (m ? tickMs - m.t : null);
  const ages: Record<StreamName, number | null> = {
    vr_state: age(vr),
    robot_command: age(command),
    robot_state: age(robot),
    control_status: age(status),
  };
  const stale = STREAMS.filter((s) => {
    const a = ages[s];
    return a === null || a > maxStaleMs;
  });
  const staleness: StalenessRecord = {
    timestamp: rosTime(tickMs),
    age_ms: ages,
    stale: [...stale],
  };
  add("staleness", tickMs, staleness);
  return { records, ages, stale };
}
