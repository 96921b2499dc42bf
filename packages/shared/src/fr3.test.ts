import { describe, expect, test } from "bun:test";
import {
  FR3_JOINT_MAX,
  FR3_JOINT_MIN,
  FR3_READY_JOINTS,
  FR3_RESET_JOINTS,
  fr3ForwardKinematics,
  fr3LinkTransforms,
} from "./fr3";
import { quatToMat3RowMajor } from "./math";

describe("FR3 forward kinematics (REFERENCE section 6 check values)", () => {
  test("ready pose: TCP at (0.3069, 0, 0.4869), rotation diag(1, -1, -1)", () => {
    const p = fr3ForwardKinematics(FR3_READY_JOINTS);
    const want = [0.3069, 0, 0.4869];
    p.position.forEach((x, i) => {
      expect(Math.abs(x - want[i]!)).toBeLessThan(1e-4);
    });
    const r = quatToMat3RowMajor(p.orientation);
    const diag = [1, 0, 0, 0, -1, 0, 0, 0, -1];
    r.forEach((x, i) => {
      expect(Math.abs(x - diag[i]!)).toBeLessThan(1e-4);
    });
  });

  test("reset joints: TCP near (0.4577, 0.0320, 0.2656)", () => {
    const p = fr3ForwardKinematics(FR3_RESET_JOINTS);
    const want = [0.4577, 0.032, 0.2656];
    p.position.forEach((x, i) => {
      expect(Math.abs(x - want[i]!)).toBeLessThan(1e-4);
    });
  });

  test("zero joints: the arm stands straight up; TCP height is the sum of the d offsets", () => {
    // q = 0 is outside joint 4's range, but the geometry is still defined:
    // x = a4 - a5 + a7 = 0.088, z = 0.333 + 0.316 + 0.384 - 0.107 - 0.1034.
    const p = fr3ForwardKinematics([0, 0, 0, 0, 0, 0, 0]);
    expect(Math.abs(p.position[0] - 0.088)).toBeLessThan(1e-9);
    expect(Math.abs(p.position[1])).toBeLessThan(1e-9);
    expect(Math.abs(p.position[2] - (0.333 + 0.316 + 0.384 - 0.107 - 0.1034))).toBeLessThan(1e-9);
  });

  test("nine transforms: link1..7, flange, hand TCP; joint 1 only turns about base z", () => {
    const ts = fr3LinkTransforms(FR3_READY_JOINTS);
    expect(ts.length).toBe(9);
    const link1 = ts[0]!;
    // Translation of link1 is (0, 0, 0.333) whatever q1 is.
    expect(link1[12]).toBeCloseTo(0, 12);
    expect(link1[13]).toBeCloseTo(0, 12);
    expect(link1[14]).toBeCloseTo(0.333, 12);
  });

  test("ready and reset joints lie inside the joint limits", () => {
    for (const q of [FR3_READY_JOINTS, FR3_RESET_JOINTS]) {
      q.forEach((x, i) => {
        expect(x).toBeGreaterThanOrEqual(FR3_JOINT_MIN[i]!);
        expect(x).toBeLessThanOrEqual(FR3_JOINT_MAX[i]!);
      });
    }
  });
});
