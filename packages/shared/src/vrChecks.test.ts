import { describe, expect, test } from "bun:test";
import { isUnitQuat, jumpDistance, QUAT_NORM_TOLERANCE, quatNormError } from "./vrChecks";

describe("pose jumps", () => {
  test("more than the bound in one sample is a jump; within it is not", () => {
    const prev = { position: [0, 1, 0] as [number, number, number], t: 0 };
    expect(jumpDistance(prev, { position: [0.05, 1, 0], t: 20 }, 0.1, 100)).toBeUndefined();
    expect(jumpDistance(prev, { position: [0.3, 1, 0.4], t: 20 }, 0.1, 100)).toBeCloseTo(0.5, 12);
  });

  test("no comparison with nothing, or across a gap longer than the window", () => {
    const next = { position: [5, 1, 0] as [number, number, number], t: 500 };
    expect(jumpDistance(undefined, next, 0.1, 100)).toBeUndefined();
    expect(jumpDistance({ position: [0, 1, 0], t: 0 }, next, 0.1, 100)).toBeUndefined();
    expect(jumpDistance({ position: [0, 1, 0], t: 400 }, next, 0.1, 100)).toBeCloseTo(5, 12);
  });
});

describe("orientation sanity", () => {
  test("unit quaternions pass; zero and far-from-unit ones do not", () => {
    expect(isUnitQuat([0, 0, 0, 1])).toBe(true);
    expect(isUnitQuat([0.5, 0.5, 0.5, 0.5])).toBe(true);
    expect(isUnitQuat([0, 0, 0, 1 + QUAT_NORM_TOLERANCE / 2])).toBe(true);
    expect(isUnitQuat([0, 0, 0, 0])).toBe(false);
    expect(isUnitQuat([1, 1, 1, 1])).toBe(false);
    expect(quatNormError([0, 0, 0, 0.5])).toBeCloseTo(0.5, 12);
  });
});
