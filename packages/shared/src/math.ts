/**
 * Pose and rotation math on gl-matrix, with plain float64 arrays (gl-matrix
 * defaults to Float32Array, which loses precision and which msgpack would
 * write as raw bytes). Quaternions are (x, y, z, w); 4x4 matrices are
 * column-major as in gl-matrix unless a name says RowMajor.
 */
import { glMatrix, mat3, mat4, quat, vec3 } from "gl-matrix";

glMatrix.setMatrixArrayType(Array);

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];
/** Column-major 4x4 matrix (gl-matrix layout). */
export type Mat4 = number[];

export interface Pose {
  position: Vec3;
  orientation: Quat;
}

export const IDENTITY_QUAT: Quat = [0, 0, 0, 1];

const v3 = (a: ArrayLike<number>): Vec3 => [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0];
const q4 = (a: ArrayLike<number>): Quat => [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 1];

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}

export function norm(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x * x;
  return Math.sqrt(s);
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return v3(vec3.cross(vec3.create(), a, b));
}

export function quatMultiply(a: Quat, b: Quat): Quat {
  return q4(quat.multiply(quat.create(), a, b));
}

export function quatInvert(q: Quat): Quat {
  return q4(quat.invert(quat.create(), q));
}

export function quatNormalize(q: Quat): Quat {
  return q4(quat.normalize(quat.create(), q));
}

/** a . b^-1 (DROID's quat_diff). */
export function quatDiff(a: Quat, b: Quat): Quat {
  return quatMultiply(a, quatInvert(b));
}

export function quatFromAxisAngle(axis: Vec3, angle: number): Quat {
  const n = vec3.normalize(vec3.create(), axis);
  return q4(quat.setAxisAngle(quat.create(), n, angle));
}

/** Rotation angle of a unit quaternion in [0, pi]. */
export function quatAngle(q: Quat): number {
  const w = Math.min(1, Math.abs(q[3]) / norm(q));
  return 2 * Math.acos(w);
}

/** Shortest rotation taking direction a onto direction b. */
export function quatBetween(a: Vec3, b: Vec3): Quat {
  const na = vec3.normalize(vec3.create(), a);
  const nb = vec3.normalize(vec3.create(), b);
  return q4(quat.rotationTo(quat.create(), na, nb));
}

export function rotate(q: Quat, v: Vec3): Vec3 {
  return v3(vec3.transformQuat(vec3.create(), v, q));
}

/**
 * Extrinsic x-y-z Euler angles (roll, pitch, yaw), R = Rz(yaw) Ry(pitch) Rx(roll),
 * the convention of scipy's `as_euler("xyz")` that DROID uses.
 */
export function quatToEulerXYZ(q: Quat): Vec3 {
  const r = quatToMat3RowMajor(q);
  const r11 = r[0]!;
  const r21 = r[3]!;
  const r31 = r[6]!;
  const r32 = r[7]!;
  const r33 = r[8]!;
  const pitch = Math.asin(Math.max(-1, Math.min(1, -r31)));
  if (Math.abs(r31) > 1 - 1e-9) {
    // Gimbal lock: roll and yaw share one axis; put it all in yaw.
    const r12 = r[1]!;
    const r22 = r[4]!;
    return [0, pitch, Math.atan2(-r12, r22)];
  }
  return [Math.atan2(r32, r33), pitch, Math.atan2(r21, r11)];
}

export function eulerXYZToQuat(e: Vec3): Quat {
  const qx = quatFromAxisAngle([1, 0, 0], e[0]);
  const qy = quatFromAxisAngle([0, 1, 0], e[1]);
  const qz = quatFromAxisAngle([0, 0, 1], e[2]);
  return quatMultiply(qz, quatMultiply(qy, qx));
}

/** 3x3 rotation matrix, row-major (r[row * 3 + col]). */
export function quatToMat3RowMajor(q: Quat): number[] {
  const m = mat3.fromQuat(mat3.create(), quatNormalize(q));
  // gl-matrix mat3 is column-major: transpose to row-major.
  return [m[0]!, m[3]!, m[6]!, m[1]!, m[4]!, m[7]!, m[2]!, m[5]!, m[8]!];
}

/** Quaternion of a row-major 3x3 rotation matrix. */
export function mat3RowMajorToQuat(r: readonly number[]): Quat {
  const colMajor = [r[0]!, r[3]!, r[6]!, r[1]!, r[4]!, r[7]!, r[2]!, r[5]!, r[8]!];
  return quatNormalize(q4(quat.fromMat3(quat.create(), colMajor)));
}

export function poseToMat4(p: Pose): Mat4 {
  return Array.from(
    mat4.fromRotationTranslation(mat4.create(), quatNormalize(p.orientation), p.position),
  );
}

export function mat4ToPose(m: Mat4): Pose {
  const rot = [m[0]!, m[4]!, m[8]!, m[1]!, m[5]!, m[9]!, m[2]!, m[6]!, m[10]!];
  return { position: [m[12]!, m[13]!, m[14]!], orientation: mat3RowMajorToQuat(rot) };
}

export function mat4Multiply(a: Mat4, b: Mat4): Mat4 {
  return Array.from(mat4.multiply(mat4.create(), a, b));
}

export function mat4Invert(m: Mat4): Mat4 {
  const out = mat4.invert(mat4.create(), m);
  if (!out) throw new Error("matrix is not invertible");
  return Array.from(out);
}

/** Row-major 16 numbers (translation at 3, 7, 11) to a column-major matrix. */
export function mat4FromRowMajor(r: readonly number[]): Mat4 {
  return Array.from(mat4.transpose(mat4.create(), r as number[]));
}

export function mat4ToRowMajor(m: Mat4): number[] {
  return Array.from(mat4.transpose(mat4.create(), m));
}

export function composePoses(a: Pose, b: Pose): Pose {
  return {
    position: add(a.position, rotate(a.orientation, b.position)),
    orientation: quatNormalize(quatMultiply(a.orientation, b.orientation)),
  };
}

export function invertPose(p: Pose): Pose {
  const qi = quatInvert(p.orientation);
  return { position: scale(rotate(qi, p.position), -1), orientation: quatNormalize(qi) };
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** True when every entry is a finite number. */
export function allFinite(a: readonly number[]): boolean {
  for (const x of a) if (!Number.isFinite(x)) return false;
  return true;
}
