/**
 * Damped-least-squares inverse kinematics for the FR3, one bounded step at a
 * time: dq = J^T (J J^T + lambda^2 I)^-1 e toward the target pose, scaled so
 * no joint exceeds its velocity limit over the step, then clamped to the
 * joint limits. The simulated arm calls it once per physics step, so it
 * moves toward the commanded pose the way a velocity-limited arm would.
 */
import {
  FR3_JOINT_MAX,
  FR3_JOINT_MIN,
  FR3_VELOCITY_LIMIT,
  fr3LinkTransforms,
} from "@teleop/shared/fr3";
import {
  type Mat4,
  mat4ToPose,
  type Pose,
  quatInvert,
  quatMultiply,
  type Vec3,
} from "@teleop/shared/math";

/** Damping: small enough for sub-millimetre convergence, large enough to stay calm near singularities. */
export const IK_DAMPING = 0.02;

/** Position (m) and rotation-vector (rad) error from `current` to `target`, base frame. */
export function poseError(current: Pose, target: Pose): number[] {
  const p = current.position;
  const t = target.position;
  let d = quatMultiply(target.orientation, quatInvert(current.orientation));
  // Shortest way round: q and -q are the same rotation.
  if (d[3] < 0) d = [-d[0], -d[1], -d[2], -d[3]];
  const s = Math.hypot(d[0], d[1], d[2]);
  const angle = 2 * Math.atan2(s, d[3]);
  const k = s > 1e-12 ? angle / s : 2;
  return [t[0] - p[0], t[1] - p[1], t[2] - p[2], d[0] * k, d[1] * k, d[2] * k];
}

const column = (m: Mat4, c: number): Vec3 => [m[c * 4]!, m[c * 4 + 1]!, m[c * 4 + 2]!];

/** Geometric Jacobian (6 x 7, rows vx vy vz wx wy wz) of the hand TCP, and the TCP pose. */
export function jacobian(q: readonly number[]): { J: number[][]; tcp: Pose } {
  const ts = fr3LinkTransforms(q);
  const tcpM = ts[8]!;
  const tcp = column(tcpM, 3);
  const J: number[][] = Array.from({ length: 6 }, () => new Array<number>(7).fill(0));
  for (let i = 0; i < 7; i++) {
    // Frame i turns about its own z axis, through its origin.
    const m = ts[i]!;
    const z = column(m, 2);
    const o = column(m, 3);
    const r: Vec3 = [tcp[0] - o[0], tcp[1] - o[1], tcp[2] - o[2]];
    const v = [z[1] * r[2] - z[2] * r[1], z[2] * r[0] - z[0] * r[2], z[0] * r[1] - z[1] * r[0]];
    for (let k = 0; k < 3; k++) {
      J[k]![i] = v[k]!;
      J[k + 3]![i] = z[k]!;
    }
  }
  return { J, tcp: mat4ToPose(tcpM) };
}

/** Solve A x = b for a small dense system (Gaussian elimination, partial pivoting). */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const pivot = M[c]![c]!;
    if (Math.abs(pivot) < 1e-15) throw new Error("singular system");
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / pivot;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

export function clampToLimits(q: readonly number[]): number[] {
  return q.map((x, i) => Math.min(FR3_JOINT_MAX[i]!, Math.max(FR3_JOINT_MIN[i]!, x)));
}

/** Scale a joint step so that no joint moves faster than its limit over dt seconds. */
export function limitVelocity(dq: readonly number[], dt: number): number[] {
  let worst = 0;
  dq.forEach((x, i) => {
    worst = Math.max(worst, Math.abs(x) / (FR3_VELOCITY_LIMIT[i]! * dt));
  });
  return worst > 1 ? dq.map((x) => x / worst) : [...dq];
}

/** One IK step of dt seconds from joints q toward the target pose; returns the new joints. */
export function ikStep(
  q: readonly number[],
  target: Pose,
  dt: number,
  damping = IK_DAMPING,
): number[] {
  const { J, tcp } = jacobian(q);
  const e = poseError(tcp, target);
  const lambda2 = damping * damping;
  const JJt = J.map((ri, i) =>
    J.map((rj, j) => ri.reduce((s, x, k) => s + x * rj[k]!, 0) + (i === j ? lambda2 : 0)),
  );
  const y = solve(JJt, e);
  const dq = new Array<number>(7)
    .fill(0)
    .map((_, k) => J.reduce((s, row, r) => s + row[k]! * y[r]!, 0));
  const step = limitVelocity(dq, dt);
  return clampToLimits(q.map((x, i) => x + step[i]!));
}
