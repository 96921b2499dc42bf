/**
 * The position reorder matrix of DROID's `vec_to_reorder_mat`: for a vector v,
 * row i has sign(v_i) in column |v_i| - 1. `-3 -1 2 4` gives robot x = -vr z,
 * robot y = -vr x, robot z = +vr y.
 */
import { type Mat4, mat4FromRowMajor } from "@teleop/shared/math";

/** Row-major 4x4 reorder matrix; throws with a readable reason for a vector that is not a rotation. */
export function reorderRowMajor(v: readonly number[]): number[] {
  if (v.length !== 4) throw new Error(`needs 4 entries, got ${v.length}`);
  const used = new Set(v.map((x) => Math.abs(x)));
  if (v.some((x) => !Number.isInteger(x) || x === 0 || Math.abs(x) > 4) || used.size !== 4) {
    throw new Error(`[${v.join(" ")}] is not a signed permutation of 1 2 3 4`);
  }
  if (v[3] !== 4) throw new Error(`the 4th entry must be 4 (homogeneous row), got ${v[3]}`);
  const r = new Array<number>(16).fill(0);
  v.forEach((x, i) => {
    r[i * 4 + Math.abs(x) - 1] = Math.sign(x);
  });
  // A mirror maps positions but has no quaternion: orientation could not follow.
  if (det3(r) < 0) throw new Error(`[${v.join(" ")}] is a mirror (determinant -1), not a rotation`);
  return r;
}

/** Column-major (gl-matrix) reorder matrix. */
export function reorderMatrix(v: readonly number[]): Mat4 {
  return mat4FromRowMajor(reorderRowMajor(v));
}

function det3(r: readonly number[]): number {
  const a = (i: number, j: number) => r[i * 4 + j]!;
  return (
    a(0, 0) * (a(1, 1) * a(2, 2) - a(1, 2) * a(2, 1)) -
    a(0, 1) * (a(1, 0) * a(2, 2) - a(1, 2) * a(2, 0)) +
    a(0, 2) * (a(1, 0) * a(2, 1) - a(1, 1) * a(2, 0))
  );
}
