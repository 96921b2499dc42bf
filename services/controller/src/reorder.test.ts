import { describe, expect, test } from "bun:test";
import { DROID_COORD_TRANSFORM, SEED_COORD_TRANSFORM } from "@teleop/shared/control";
import type { Vec3 } from "@teleop/shared/math";
import { reorderMatrix, reorderRowMajor } from "./reorder";

/** Apply a row-major 4x4 to a direction. */
const apply = (r: number[], v: Vec3): number[] =>
  [0, 1, 2].map((i) => r[i * 4]! * v[0] + r[i * 4 + 1]! * v[1] + r[i * 4 + 2]! * v[2]);

describe("reorder matrix from a vector (M[i][|v_i|-1] = sign(v_i))", () => {
  test("the seed's -3 -1 2 4: robot x = -vr z, y = -vr x, z = +vr y", () => {
    const r = reorderRowMajor(SEED_COORD_TRANSFORM);
    expect(r).toEqual([0, 0, -1, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(apply(r, [0, 0, -1])).toEqual([1, 0, 0]); // VR forward -> robot forward
    expect(apply(r, [1, 0, 0])).toEqual([0, -1, 0]); // VR right -> robot right (-Y)
    expect(apply(r, [0, 1, 0])).toEqual([0, 0, 1]); // VR up -> robot up
  });

  test("DROID's -2 -1 -3 4: robot x = -vr y, y = -vr x, z = -vr z", () => {
    const r = reorderRowMajor(DROID_COORD_TRANSFORM);
    expect(r).toEqual([0, -1, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1]);
    expect(apply(r, [0, 1, 0])).toEqual([-1, 0, 0]);
    expect(apply(r, [1, 0, 0])).toEqual([0, -1, 0]);
    expect(apply(r, [0, 0, 1])).toEqual([0, 0, -1]);
  });

  test("the column-major matrix is the transpose (gl-matrix layout)", () => {
    const m = reorderMatrix(SEED_COORD_TRANSFORM);
    // Column 0 holds row 0..3 of the first column: M[1][0] = -1.
    expect(m.slice(0, 4)).toEqual([0, -1, 0, 0]);
    expect(m.slice(8, 12)).toEqual([-1, 0, 0, 0]);
  });

  test("vectors that are not a rotation are refused with the reason", () => {
    expect(() => reorderRowMajor([1, 1, 2, 4])).toThrow(/signed permutation/);
    expect(() => reorderRowMajor([1, 2, 3, 5])).toThrow(/signed permutation/);
    expect(() => reorderRowMajor([1, 2, 3])).toThrow(/4 entries/);
    expect(() => reorderRowMajor([1, 2, 4, 3])).toThrow(/4th entry/);
    expect(() => reorderRowMajor([-1, 2, 3, 4])).toThrow(/mirror/);
  });
});
