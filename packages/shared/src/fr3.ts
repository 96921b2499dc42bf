/**
 * Franka FR3 facts (REFERENCE section 6): modified (Craig) DH table, joint
 * limits, the home joints, and forward kinematics. Shared by the simulated
 * arm (robot-bridge) and the recorder (TF tree and URDF).
 */
import { mat4 } from "gl-matrix";
import { type Mat4, mat4Multiply, mat4ToPose, type Pose } from "./math";

export interface DhRow {
  a: number;
  d: number;
  alpha: number;
}

/** Joints 1..7, modified DH: T_i = RotX(alpha) TransX(a) RotZ(q_i) TransZ(d). */
export const FR3_DH: readonly DhRow[] = [
  { a: 0, d: 0.333, alpha: 0 },
  { a: 0, d: 0, alpha: -Math.PI / 2 },
  { a: 0, d: 0.316, alpha: Math.PI / 2 },
  { a: 0.0825, d: 0, alpha: Math.PI / 2 },
  { a: -0.0825, d: 0.384, alpha: -Math.PI / 2 },
  { a: 0, d: 0, alpha: Math.PI / 2 },
  { a: 0.088, d: 0, alpha: Math.PI / 2 },
];
export const FR3_FLANGE: DhRow = { a: 0, d: 0.107, alpha: 0 };
/** Hand TCP relative to the flange: 0.1034 m along z, rotated -pi/4 about z. */
export const FR3_HAND_TCP_D = 0.1034;
export const FR3_HAND_TCP_YAW = -Math.PI / 4;

export const FR3_JOINT_MIN = [
  -2.7437, -1.7837, -2.9007, -3.0421, -2.8065, 0.5445, -3.0159,
] as const;
export const FR3_JOINT_MAX = [2.7437, 1.7837, 2.9007, -0.1518, 2.8065, 4.5169, 3.0159] as const;
export const FR3_VELOCITY_LIMIT = [2.62, 2.62, 2.62, 2.62, 5.26, 4.18, 5.26] as const;
export const FR3_GRIPPER_MAX_WIDTH_M = 0.08;

/** The robot server's home joints (REFERENCE section 5). */
export const FR3_RESET_JOINTS = [
  0.0916, -0.1983, -0.0199, -2.4732, -0.0131, 2.304, 0.8481,
] as const;
export const FR3_READY_JOINTS = [
  0,
  -Math.PI / 4,
  0,
  (-3 * Math.PI) / 4,
  0,
  Math.PI / 2,
  Math.PI / 4,
] as const;

export const FR3_JOINT_NAMES = [1, 2, 3, 4, 5, 6, 7].map((i) => `fr3_joint${i}`);
export const FR3_FINGER_JOINT_NAMES = ["fr3_finger_joint1", "fr3_finger_joint2"];

/** Column-major transform of one modified-DH link at joint angle q. */
export function dhTransform(row: DhRow, q: number): Mat4 {
  const rx = mat4.fromXRotation(mat4.create(), row.alpha);
  const tx = mat4.fromTranslation(mat4.create(), [row.a, 0, 0]);
  const rz = mat4.fromZRotation(mat4.create(), q);
  const tz = mat4.fromTranslation(mat4.create(), [0, 0, row.d]);
  return mat4Multiply(
    mat4Multiply(Array.from(rx), Array.from(tx)),
    mat4Multiply(Array.from(rz), Array.from(tz)),
  );
}

export function handTcpTransform(): Mat4 {
  const tz = Array.from(mat4.fromTranslation(mat4.create(), [0, 0, FR3_HAND_TCP_D]));
  const rz = Array.from(mat4.fromZRotation(mat4.create(), FR3_HAND_TCP_YAW));
  return mat4Multiply(tz, rz);
}

/**
 * Forward kinematics: base-frame transforms of link1..link7, the flange and
 * the hand TCP (9 matrices, column-major).
 */
export function fr3LinkTransforms(q: readonly number[]): Mat4[] {
  const out: Mat4[] = [];
  let t: Mat4 = Array.from(mat4.create());
  for (let i = 0; i < 7; i++) {
    t = mat4Multiply(t, dhTransform(FR3_DH[i]!, q[i] ?? 0));
    out.push(t);
  }
  t = mat4Multiply(t, dhTransform(FR3_FLANGE, 0));
  out.push(t);
  out.push(mat4Multiply(t, handTcpTransform()));
  return out;
}

/** TCP pose in the base frame. */
export function fr3ForwardKinematics(q: readonly number[]): Pose {
  return mat4ToPose(fr3LinkTransforms(q)[8]!);
}

/** Joint torque limits in Nm (Franka FR3 datasheet); the URDF's effort limits. */
export const FR3_TORQUE_LIMIT = [87, 87, 87, 87, 12, 12, 12] as const;
