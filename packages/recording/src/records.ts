/**
 * Pure builders from the contract's messages to the recorded messages of each
 * channel. `tickMs` is the sample time and stamps every header, so all
 * channels of one tick share one time; the source time stays in publishTime.
 */
import type { SceneState } from "@teleop/shared/cameraMessages";
import { FR3_FINGER_JOINT_NAMES, FR3_JOINT_NAMES } from "@teleop/shared/fr3";
import { mat4ToRowMajor, poseToMat4, quatToEulerXYZ } from "@teleop/shared/math";
import type {
  Buttons,
  Controller,
  PoseMsg,
  RobotCommand,
  RobotState,
  VrState,
} from "@teleop/shared/messages";
import { BASE_FRAME, type FrameTransform, fingerPosition, jointTransforms } from "./frames";
import type {
  ActionRecord,
  JointStateRecord,
  RobotStateRecord,
  TfMessageRecord,
  VrControllerRecord,
} from "./schemas";
import { foxgloveTime, rosTime } from "./time";

export function robotStateRecord(s: RobotState, tickMs: number): RobotStateRecord {
  const [x, y, z] = s.pose.position;
  const [roll, pitch, yaw] = quatToEulerXYZ(s.pose.orientation);
  return {
    timestamp: rosTime(tickMs),
    joint_positions: s.joints ? [...s.joints.position] : [],
    joint_velocities: s.joints ? [...s.joints.velocity] : [],
    // Not measured by any backend of this stack: left empty rather than invented.
    joint_efforts: [],
    cartesian_position: [x, y, z, roll, pitch, yaw],
    cartesian_velocity: [],
    gripper_position: s.gripper,
    gripper_velocity: 0,
  };
}

export function jointStatesRecord(s: RobotState, tickMs: number): JointStateRecord | undefined {
  if (!s.joints) return undefined;
  const finger = fingerPosition(s.gripper);
  return {
    header: { stamp: rosTime(tickMs), frame_id: BASE_FRAME },
    name: [...FR3_JOINT_NAMES, ...FR3_FINGER_JOINT_NAMES],
    position: [...s.joints.position, finger, finger],
    velocity: [...s.joints.velocity, 0, 0],
    effort: [],
  };
}

export function actionRecord(c: RobotCommand, tickMs: number): ActionRecord {
  return { timestamp: rosTime(tickMs), data: [...c.action] };
}

const rowMajor = (p: PoseMsg) => mat4ToRowMajor(poseToMat4(p));

/** oculus_reader's button names (REFERENCE section 2), so seed tools read them unchanged. */
function seedButtons(vr: VrState): Record<string, boolean | number[]> {
  const out: Record<string, boolean | number[]> = {};
  const side = (
    c: Controller | undefined,
    names: [string, string, string, string, string],
    p: string,
  ) => {
    if (!c) return;
    const b: Buttons = c.buttons;
    const [primary, secondary, trigger, grip, stick] = names;
    out[primary] = b.primary;
    out[secondary] = b.secondary;
    out[trigger] = b.trigger;
    out[grip] = b.grip;
    out[stick] = b.joystick;
    out[`${p}JS`] = [...c.joystick];
    out[`${p}Trig`] = [c.trigger];
    out[`${p}Grip`] = [c.grip];
  };
  side(vr.right, ["A", "B", "RTr", "RG", "RJ"], "right");
  side(vr.left, ["X", "Y", "LTr", "LG", "LJ"], "left");
  return out;
}

/**
 * `success` and `failure` are the raw states of the followed hand's A and B
 * (X and Y on the left), DROID's naming (REFERENCE section 7): they do not say
 * how the episode ended.
 */
export function vrControllerRecord(
  vr: VrState,
  movement: boolean,
  tickMs: number,
  hand: "right" | "left" = "right",
): VrControllerRecord {
  const poses: VrControllerRecord["poses"] = {};
  if (vr.right) poses.r = rowMajor(vr.right.pose);
  if (vr.left) poses.l = rowMajor(vr.left.pose);
  const followed = vr[hand]?.buttons;
  return {
    timestamp: rosTime(tickMs),
    poses,
    buttons: seedButtons(vr),
    movement_enabled: movement,
    controller_on: Boolean(vr.right?.tracked || vr.left?.tracked),
    success: followed?.primary ?? false,
    failure: followed?.secondary ?? false,
  };
}

export function tfRecord(transforms: FrameTransform[], stampMs: number): TfMessageRecord {
  const stamp = rosTime(stampMs);
  return {
    transforms: transforms.map((t) => ({
      header: { stamp, frame_id: t.parent },
      child_frame_id: t.child,
      transform: {
        translation: { x: t.translation[0], y: t.translation[1], z: t.translation[2] },
        rotation: { x: t.rotation[0], y: t.rotation[1], z: t.rotation[2], w: t.rotation[3] },
      },
    })),
  };
}

export function foxgloveTransforms(transforms: FrameTransform[], stampMs: number) {
  const timestamp = foxgloveTime(stampMs);
  return {
    transforms: transforms.map((t) => ({
      timestamp,
      parent_frame_id: t.parent,
      child_frame_id: t.child,
      translation: { x: t.translation[0], y: t.translation[1], z: t.translation[2] },
      rotation: { x: t.rotation[0], y: t.rotation[1], z: t.rotation[2], w: t.rotation[3] },
    })),
  };
}

export function poseInFrame(pose: PoseMsg, frameId: string, stampMs: number) {
  const [x, y, z] = pose.position;
  const [qx, qy, qz, qw] = pose.orientation;
  return {
    timestamp: foxgloveTime(stampMs),
    frame_id: frameId,
    pose: { position: { x, y, z }, orientation: { x: qx, y: qy, z: qz, w: qw } },
  };
}

/** Joint transforms of the arm, or undefined when the robot reports no joints. */
export function armTransforms(s: RobotState): FrameTransform[] | undefined {
  return s.joints ? jointTransforms(s.joints.position, s.gripper) : undefined;
}

/** Box colour of a scene object: orange while free, green while held by the gripper. */
const FREE_COLOUR = { r: 1, g: 0.55, b: 0.1, a: 1 };
const GRASPED_COLOUR = { r: 0.2, g: 0.8, b: 0.3, a: 1 };

/** A foxglove.SceneUpdate with one cube entity per scene object, stamped with the scene's time. */
export function sceneUpdateRecord(scene: SceneState) {
  const timestamp = foxgloveTime(scene.t);
  return {
    deletions: [],
    entities: scene.objects.map((o) => {
      const [x, y, z] = o.pose.position;
      const [qx, qy, qz, qw] = o.pose.orientation;
      return {
        timestamp,
        frame_id: scene.frameId,
        id: o.id,
        lifetime: { sec: 0, nsec: 0 },
        frame_locked: false,
        metadata: [{ key: "grasped", value: String(o.grasped) }],
        arrows: [],
        cubes: [
          {
            pose: { position: { x, y, z }, orientation: { x: qx, y: qy, z: qz, w: qw } },
            size: { x: o.size[0], y: o.size[1], z: o.size[2] },
            color: o.grasped ? GRASPED_COLOUR : FREE_COLOUR,
          },
        ],
        spheres: [],
        cylinders: [],
        lines: [],
        triangles: [],
        texts: [],
        models: [],
      };
    }),
  };
}
