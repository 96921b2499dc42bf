/**
 * The recorded messages one incoming bus message makes, per channel, with the
 * same builders and layout as the recorder's tick (services/recorder sample.ts)
 * but stamped with the given time: the live view passes each message's own
 * source time, so a layout reads live data as it reads a recording.
 */
import type { CameraDepth, CameraFrame, CameraInfo } from "@teleop/shared/cameraMessages";
import type {
  ControlStatus,
  RobotCommand,
  RobotState,
  TeleopEvent,
  VrState,
} from "@teleop/shared/messages";
import {
  type CameraStream,
  cameraCalibrationRecord,
  cameraMountTransform,
  compressedImageRecord,
  rawImageRecord,
} from "./cameraChannels";
import type { ChannelKey } from "./channels";
import { BASE_FRAME, type FrameTransform, staticTransforms, VR_FRAME } from "./frames";
import {
  actionRecord,
  armTransforms,
  foxgloveTransforms,
  jointStatesRecord,
  poseInFrame,
  robotStateRecord,
  tfRecord,
  vrControllerRecord,
} from "./records";
import { fr3Urdf } from "./urdf";

export interface ChannelRecord {
  channel: ChannelKey;
  message: unknown;
}

const STATIC = staticTransforms();

/**
 * The arm's transforms (forward kinematics of every joint) of the last robot
 * state seen: the recorder samples the same state at 40 Hz while it changes
 * at the robot's rate (6.5 Hz in the bench), so most ticks reuse it.
 */
let lastArm:
  | { robot: RobotState; arm: FrameTransform[] | undefined; all: FrameTransform[] }
  | undefined;

function armOf(robot: RobotState): { arm: FrameTransform[] | undefined; all: FrameTransform[] } {
  if (lastArm?.robot !== robot) {
    const arm = armTransforms(robot);
    lastArm = { robot, arm, all: arm ? [...STATIC, ...arm] : STATIC };
  }
  return lastArm;
}

export function robotStateRecords(robot: RobotState, stampMs: number): ChannelRecord[] {
  const out: ChannelRecord[] = [
    { channel: "rawRobotState", message: robot },
    { channel: "robotState", message: robotStateRecord(robot, stampMs) },
  ];
  const joints = jointStatesRecord(robot, stampMs);
  if (joints) out.push({ channel: "jointStates", message: joints });
  const { arm, all } = armOf(robot);
  if (arm) {
    out.push(
      { channel: "tf", message: tfRecord(arm, stampMs) },
      { channel: "foxgloveTf", message: foxgloveTransforms(all, stampMs) },
    );
  }
  return out;
}

export function robotCommandRecords(command: RobotCommand, stampMs: number): ChannelRecord[] {
  return [
    { channel: "rawRobotCommand", message: command },
    { channel: "action", message: actionRecord(command, stampMs) },
    { channel: "target", message: poseInFrame(command.target, BASE_FRAME, stampMs) },
  ];
}

/**
 * `movement` as the recorder takes it: the control status's, else the last
 * command's, else false; `hand` is the followed one (its A/B are /vr_controller's success/failure).
 */
export function vrStateRecords(
  vr: VrState,
  movement: boolean,
  stampMs: number,
  hand: "right" | "left" = "right",
): ChannelRecord[] {
  const out: ChannelRecord[] = [
    { channel: "rawVrState", message: vr },
    { channel: "vrController", message: vrControllerRecord(vr, movement, stampMs, hand) },
  ];
  if (vr.right)
    out.push({
      channel: "controllerRight",
      message: poseInFrame(vr.right.pose, VR_FRAME, stampMs),
    });
  if (vr.left)
    out.push({ channel: "controllerLeft", message: poseInFrame(vr.left.pose, VR_FRAME, stampMs) });
  return out;
}

export function controlStatusRecords(status: ControlStatus): ChannelRecord[] {
  return [{ channel: "rawControlStatus", message: status }];
}

export function eventRecords(event: TeleopEvent): ChannelRecord[] {
  return [{ channel: "rawEvents", message: event }];
}

/**
 * /tf_static: the fixed tree plus each camera's mount (fixed in its parent
 * frame, `base` or `fr3_hand`, so static either way).
 */
export function tfStaticRecord(cameras: readonly CameraInfo[], stampMs: number): ChannelRecord {
  return {
    channel: "tfStatic",
    message: tfRecord([...STATIC, ...cameras.map(cameraMountTransform)], stampMs),
  };
}

export function robotDescriptionRecord(): ChannelRecord {
  return { channel: "robotDescription", message: { data: fr3Urdf() } };
}

export interface CameraRecord {
  camera: string;
  stream: CameraStream;
  message: unknown;
}

export function cameraFrameRecord(f: CameraFrame): CameraRecord {
  return { camera: f.camera, stream: "compressed", message: compressedImageRecord(f) };
}

export function cameraDepthRecord(d: CameraDepth): CameraRecord {
  return { camera: d.camera, stream: "depth", message: rawImageRecord(d) };
}

export function cameraInfoRecord(info: CameraInfo): CameraRecord {
  return { camera: info.camera, stream: "camera_info", message: cameraCalibrationRecord(info) };
}
