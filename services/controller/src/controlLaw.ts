/**
 * One tick of DROID's VRPolicy as the replaced server uses it (REFERENCE
 * section 4): velocity actions from origin-relative offsets, gains, per-part
 * norm limits, the final clip, and the target pose the robot is sent.
 */
import { type ControlGains, GRIPPER_TRIGGER_THRESHOLD, WORKSPACE } from "@teleop/shared/control";
import {
  clamp,
  eulerXYZToQuat,
  norm,
  type Pose,
  type Quat,
  quatDiff,
  quatInvert,
  quatMultiply,
  quatNormalize,
  quatToEulerXYZ,
  scale,
  sub,
  type Vec3,
} from "@teleop/shared/math";

/**
 * How the target orientation follows the hand (REFERENCE section 4):
 * - base: absolute, the hand's rotation since the origin applied in the robot
 *   base frame, (vr . vr_origin^-1) . robot_origin: a twist about any axis turns
 *   the tool about that base axis by the same angle (the default);
 * - tool: the replaced server's robot_origin . (vr_origin^-1 . vr), the same
 *   rotation applied in the tool's own frame (with the tool down, a twist about
 *   the vertical turns it the other way);
 * - delta: DROID's, rot_vel x max_rot_delta applied to the robot's orientation.
 */
export const ORIENTATION_MODES = ["base", "tool", "delta"] as const;
export type OrientationMode = (typeof ORIENTATION_MODES)[number];

export interface LawInput {
  /** Controller pose in the robot frame (after calibration and reorder). */
  vr: Pose;
  vrOrigin: Pose;
  robot: Pose;
  robotOrigin: Pose;
  trigger: number;
  /** 0 open .. 1 closed. */
  robotGripper: number;
}

export interface LawOutput {
  /** [lin x3, rot x3, gripper], each in [-1, 1]. */
  action: number[];
  target: Pose;
  /** 1 closed, 0 open. */
  gripper: 0 | 1;
}

/** Scale v down to norm `max` when it is longer. */
export function limitNorm(v: readonly number[], max: number): number[] {
  const n = norm(v);
  return n > max ? v.map((x) => (x * max) / n) : [...v];
}

export function clipToWorkspace(p: Vec3): Vec3 {
  return [0, 1, 2].map((i) => clamp(p[i]!, WORKSPACE.min[i]!, WORKSPACE.max[i]!)) as Vec3;
}

export function gripperCommand(trigger: number): 0 | 1 {
  return trigger > GRIPPER_TRIGGER_THRESHOLD ? 1 : 0;
}

function targetOrientation(
  i: LawInput,
  rotVel: Vec3,
  maxRotDelta: number,
  mode: OrientationMode,
): Quat {
  if (mode === "delta") {
    return quatNormalize(
      quatMultiply(eulerXYZToQuat(scale(rotVel, maxRotDelta)), i.robot.orientation),
    );
  }
  if (mode === "tool") {
    return quatNormalize(
      quatMultiply(
        i.robotOrigin.orientation,
        quatMultiply(quatInvert(i.vrOrigin.orientation), i.vr.orientation),
      ),
    );
  }
  return quatNormalize(
    quatMultiply(quatDiff(i.vr.orientation, i.vrOrigin.orientation), i.robotOrigin.orientation),
  );
}

export function controlLaw(i: LawInput, gains: ControlGains, mode: OrientationMode): LawOutput {
  const posAction = sub(
    sub(i.vr.position, i.vrOrigin.position),
    sub(i.robot.position, i.robotOrigin.position),
  );
  const vrOffset = quatDiff(i.vr.orientation, i.vrOrigin.orientation);
  const robotOffset = quatDiff(i.robot.orientation, i.robotOrigin.orientation);
  const rotAction = quatToEulerXYZ(quatDiff(vrOffset, robotOffset));
  const gripperAction = 1.5 * i.trigger - i.robotGripper;

  const lin = limitNorm(scale(posAction, gains.posGain), gains.maxLinVel);
  const rot = limitNorm(scale(rotAction, gains.rotGain), gains.maxRotVel);
  const grip = limitNorm([gripperAction * gains.gripperGain], gains.maxGripperVel);
  const action = [...lin, ...rot, ...grip].map((x) => clamp(x, -1, 1));

  const linVel = action.slice(0, 3) as Vec3;
  const rotVel = action.slice(3, 6) as Vec3;
  const position = clipToWorkspace(
    i.robot.position.map((x, k) => x + linVel[k]! * gains.maxLinDelta) as Vec3,
  );
  const orientation = targetOrientation(i, rotVel, gains.maxRotDelta, mode);
  return { action, target: { position, orientation }, gripper: gripperCommand(i.trigger) };
}
