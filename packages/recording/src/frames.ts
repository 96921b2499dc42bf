/**
 * The TF tree written into every recording: world -> base -> fr3_link0..7 ->
 * fr3_link8 (flange) -> fr3_hand -> fr3_hand_tcp and the two fingers, plus the
 * VR frame the controller poses are expressed in. Joint transforms come from
 * the shared FR3 DH table, so the tree, the URDF and the simulated arm agree.
 */
import { SEED_COORD_TRANSFORM } from "@teleop/shared/control";
import {
  dhTransform,
  FR3_DH,
  FR3_FLANGE,
  FR3_GRIPPER_MAX_WIDTH_M,
  FR3_HAND_TCP_D,
  FR3_HAND_TCP_YAW,
} from "@teleop/shared/fr3";
import {
  mat3RowMajorToQuat,
  mat4ToPose,
  type Quat,
  quatFromAxisAngle,
  type Vec3,
} from "@teleop/shared/math";

export const WORLD_FRAME = "world";
export const BASE_FRAME = "base";
/** OpenXR frame of the controller poses (+X right, +Y up, -Z forward). */
export const VR_FRAME = "vr";
export const LINK_FRAMES = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `fr3_link${i}`);
export const FLANGE_FRAME = "fr3_link8";
export const HAND_FRAME = "fr3_hand";
export const TCP_FRAME = "fr3_hand_tcp";
export const FINGER_FRAMES = ["fr3_leftfinger", "fr3_rightfinger"] as const;
/** Finger origin above the hand frame (franka_description). */
export const FINGER_OFFSET_Z = 0.0584;

export interface FrameTransform {
  parent: string;
  child: string;
  translation: Vec3;
  rotation: Quat;
}

const IDENTITY: Quat = [0, 0, 0, 1];

/** Rotation taking VR coordinates to robot coordinates: M[i][|v_i|-1] = sign(v_i) (REFERENCE 4). */
export function vrToBaseRotation(v: readonly number[] = SEED_COORD_TRANSFORM): Quat {
  const m = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) {
    const vi = v[i]!;
    m[i * 3 + Math.abs(vi) - 1] = Math.sign(vi);
  }
  return mat3RowMajorToQuat(m);
}

/** Finger opening of each finger in metres from the contract's gripper (0 open, 1 closed). */
export function fingerPosition(gripper: number): number {
  return ((1 - Math.min(1, Math.max(0, gripper))) * FR3_GRIPPER_MAX_WIDTH_M) / 2;
}

/** Transforms that never change: written once per file on /tf_static. */
export function staticTransforms(): FrameTransform[] {
  const flange = mat4ToPose(dhTransform(FR3_FLANGE, 0));
  return [
    { parent: WORLD_FRAME, child: BASE_FRAME, translation: [0, 0, 0], rotation: IDENTITY },
    { parent: BASE_FRAME, child: LINK_FRAMES[0]!, translation: [0, 0, 0], rotation: IDENTITY },
    {
      parent: LINK_FRAMES[7]!,
      child: FLANGE_FRAME,
      translation: flange.position,
      rotation: flange.orientation,
    },
    {
      parent: FLANGE_FRAME,
      child: HAND_FRAME,
      translation: [0, 0, 0],
      rotation: quatFromAxisAngle([0, 0, 1], FR3_HAND_TCP_YAW),
    },
    {
      parent: HAND_FRAME,
      child: TCP_FRAME,
      translation: [0, 0, FR3_HAND_TCP_D],
      rotation: IDENTITY,
    },
    { parent: BASE_FRAME, child: VR_FRAME, translation: [0, 0, 0], rotation: vrToBaseRotation() },
  ];
}

/** Transforms that follow the joints (link_{i-1} -> link_i) and the gripper (hand -> fingers). */
export function jointTransforms(q: readonly number[], gripper: number): FrameTransform[] {
  const out: FrameTransform[] = FR3_DH.map((row, i) => {
    const p = mat4ToPose(dhTransform(row, q[i] ?? 0));
    return {
      parent: LINK_FRAMES[i]!,
      child: LINK_FRAMES[i + 1]!,
      translation: p.position,
      rotation: p.orientation,
    };
  });
  const f = fingerPosition(gripper);
  out.push(
    {
      parent: HAND_FRAME,
      child: FINGER_FRAMES[0],
      translation: [0, f, FINGER_OFFSET_Z],
      rotation: IDENTITY,
    },
    {
      parent: HAND_FRAME,
      child: FINGER_FRAMES[1],
      translation: [0, -f, FINGER_OFFSET_Z],
      rotation: quatFromAxisAngle([0, 0, 1], Math.PI),
    },
  );
  return out;
}
