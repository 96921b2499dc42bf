import { describe, expect, test } from "bun:test";
import { DEFAULT_GAINS, PERFORMANCE_GAINS, SEED_COORD_TRANSFORM } from "@teleop/shared/control";
import {
  IDENTITY_QUAT,
  type Pose,
  quatFromAxisAngle,
  quatInvert,
  quatMultiply,
  scale,
  type Vec3,
} from "@teleop/shared/math";
import {
  clipToWorkspace,
  controlLaw,
  gripperCommand,
  type LawInput,
  limitNorm,
  type OrientationMode,
} from "./controlLaw";
import { expectClose } from "./expectClose";
import { reorderMatrix } from "./reorder";
import { vrInRobotFrame } from "./vrTransform";

const M = reorderMatrix(SEED_COORD_TRANSFORM);
const noCal = {
  g: { position: [0, 0, 0] as Vec3, orientation: IDENTITY_QUAT },
  forward: IDENTITY_QUAT,
};
/** Raw controller pose (VR frame) through the default reorder vector with identity G. */
const vrAt = (x: number, y: number, z: number): Pose =>
  vrInRobotFrame({ position: [x, y, z], orientation: [0, 0, 0, 1] }, noCal, M, 1);
/** Gripper pointing down: rotation diag(1, -1, -1). */
const DOWN: Pose["orientation"] = [1, 0, 0, 0];
const robotAt = (x: number, y: number, z: number): Pose => ({
  position: [x, y, z],
  orientation: DOWN,
});

const input = (over: Partial<LawInput>): LawInput => ({
  vr: vrAt(0, 1, 0),
  vrOrigin: vrAt(0, 1, 0),
  robot: robotAt(0.4, 0, 0.3),
  robotOrigin: robotAt(0.4, 0, 0.3),
  trigger: 0,
  robotGripper: 0,
  ...over,
});

describe("position action: ((vr - vr_origin) - (robot - robot_origin)) x pos gain", () => {
  test("controller 10 cm toward VR -Z: action along robot +X, 0.1 x 5 = 0.5 (under the norm limit)", () => {
    const out = controlLaw(input({ vr: vrAt(0, 1, -0.1) }), DEFAULT_GAINS, "base");
    expectClose(out.action.slice(0, 3), [0.5, 0, 0]);
    // target = robot + lin_vel x max_lin_delta = 0.4 + 0.5 x 0.075
    expectClose(out.target.position, [0.4375, 0, 0.3]);
  });

  test("30 cm: 1.5 saturates to norm 1", () => {
    const out = controlLaw(input({ vr: vrAt(0, 1, -0.3) }), DEFAULT_GAINS, "base");
    expectClose(out.action.slice(0, 3), [1, 0, 0]);
    expectClose(out.target.position, [0.475, 0, 0.3]);
  });

  test("performance gains: 10 cm x 10 = 1 exactly; max_lin_delta 0.05", () => {
    const out = controlLaw(input({ vr: vrAt(0, 1, -0.1) }), PERFORMANCE_GAINS, "base");
    expectClose(out.action.slice(0, 3), [1, 0, 0]);
    expectClose(out.target.position, [0.45, 0, 0.3]);
  });

  test("norm limiting keeps the direction: (1.5, 2.0, 0) becomes (0.6, 0.8, 0), not a per-axis clip", () => {
    // VR -Z 0.3 -> robot +X 0.3; VR -X 0.4 -> robot +Y 0.4.
    const out = controlLaw(input({ vr: vrAt(-0.4, 1, -0.3) }), DEFAULT_GAINS, "base");
    expectClose(out.action.slice(0, 3), [0.6, 0.8, 0]);
  });

  test("the robot's own progress is subtracted: 0.10 - 0.06 = 0.04 -> 0.2", () => {
    const out = controlLaw(
      input({ vr: vrAt(0, 1, -0.1), robot: robotAt(0.46, 0, 0.3) }),
      DEFAULT_GAINS,
      "base",
    );
    expectClose(out.action.slice(0, 3), [0.2, 0, 0]);
    expectClose(out.target.position, [0.46 + 0.2 * 0.075, 0, 0.3]);
  });

  test("VR up is robot up; VR right is robot -Y", () => {
    const out = controlLaw(input({ vr: vrAt(0.04, 1.02, 0) }), DEFAULT_GAINS, "base");
    expectClose(out.action.slice(0, 3), [0, -0.2, 0.1]);
  });
});

describe("rotation action: euler_xyz((vr . vr_origin^-1) . (robot . robot_origin^-1)^-1) x rot gain", () => {
  const vrOrigin = vrAt(0, 1, 0);
  const turned = (axis: Vec3, angle: number): Pose => ({
    position: vrOrigin.position,
    orientation: quatMultiply(quatFromAxisAngle(axis, angle), vrOrigin.orientation),
  });

  test("controller turned 0.2 rad about robot Z: (0, 0, 0.2) x 2", () => {
    const out = controlLaw(input({ vr: turned([0, 0, 1], 0.2) }), DEFAULT_GAINS, "delta");
    expectClose(out.action.slice(3, 6), [0, 0, 0.4]);
  });

  test("a twist about VR up (+Y) is a twist about robot +Z under the default vector", () => {
    const raw = { position: [0, 1, 0] as Vec3, orientation: quatFromAxisAngle([0, 1, 0], 0.2) };
    const out = controlLaw(input({ vr: vrInRobotFrame(raw, noCal, M, 1) }), DEFAULT_GAINS, "delta");
    expectClose(out.action.slice(3, 6), [0, 0, 0.4]);
  });

  test("the robot's own rotation is subtracted: 0.2 - 0.05 = 0.15 -> 0.3", () => {
    const robot: Pose = {
      position: [0.4, 0, 0.3],
      orientation: quatMultiply(quatFromAxisAngle([0, 0, 1], 0.05), DOWN),
    };
    const out = controlLaw(input({ vr: turned([0, 0, 1], 0.2), robot }), DEFAULT_GAINS, "delta");
    expectClose(out.action.slice(3, 6), [0, 0, 0.3]);
  });

  test("1 rad x 2 saturates to norm 1", () => {
    const out = controlLaw(input({ vr: turned([1, 0, 0], 1) }), DEFAULT_GAINS, "delta");
    expectClose(out.action.slice(3, 6), [1, 0, 0]);
  });
});

describe("target orientation", () => {
  // A 30 degree twist: quaternion (axis x sin 15deg, cos 15deg).
  const S = Math.sin(Math.PI / 12);
  const C = Math.cos(Math.PI / 12);
  const H = Math.SQRT1_2;
  /** The hand twisted 30 degrees about a VR axis, mapped through G (identity) and the reorder matrix. */
  const twistedAbout = (vrAxis: Vec3): Pose =>
    vrInRobotFrame(
      { position: [0, 1, 0], orientation: quatFromAxisAngle(vrAxis, Math.PI / 6) },
      noCal,
      M,
      1,
    );
  const withTool = (orientation: Pose["orientation"], vrAxis: Vec3, mode: OrientationMode) => {
    const tool: Pose = { position: [0.4, 0, 0.3], orientation };
    return controlLaw(
      input({ vr: twistedAbout(vrAxis), robot: tool, robotOrigin: tool }),
      DEFAULT_GAINS,
      mode,
    ).target.orientation;
  };

  // Under [-3,-1,2,4]: VR +Y (up) is robot +Z, VR +Z (back) is robot -X, VR +X (right) is robot -Y.
  // With the tool down (1,0,0,0), (a sin, cos) . (1,0,0,0) = (cos, a_z sin, -a_y sin, -a_x sin).
  test("base (default), tool down: a twist about the vertical turns the tool about base Z", () => {
    expectQuat(withTool(DOWN, [0, 1, 0], "base"), [C, S, 0, 0]);
  });

  test("base, tool down: a twist about VR forward/back turns the tool about base X", () => {
    // About VR +Z = about robot -X by 30deg: (-S, 0, 0, C) . DOWN = (C, 0, 0, S)
    expectQuat(withTool(DOWN, [0, 0, 1], "base"), [C, 0, 0, S]);
  });

  test("base, tool down: a twist about VR left/right turns the tool about base Y", () => {
    // About VR +X = about robot -Y: (0, -S, 0, C) . DOWN = (C, 0, S, 0)
    expectQuat(withTool(DOWN, [1, 0, 0], "base"), [C, 0, S, 0]);
  });

  test("base, tool tilted 90deg about Y (pointing along +X): a vertical twist still turns it about base Z", () => {
    // (0, 0, S, C) . (0, H, 0, H) = (-SH, CH, SH, CH)
    expectQuat(withTool([0, H, 0, H], [0, 1, 0], "base"), [-S * H, C * H, S * H, C * H]);
  });

  test("base, any tool orientation: target . robot_origin^-1 is the hand's own turn, same axis, same angle", () => {
    const tilted = quatFromAxisAngle([1, 2, 3], 0.7);
    for (const [vrAxis, baseAxis] of [
      [
        [0, 1, 0],
        [0, 0, 1],
      ],
      [
        [0, 0, 1],
        [-1, 0, 0],
      ],
      [
        [1, 0, 0],
        [0, -1, 0],
      ],
    ] as [Vec3, Vec3][]) {
      const turn = quatMultiply(withTool(tilted, vrAxis, "base"), quatInvert(tilted));
      expectQuat(turn, [...scale(baseAxis, S), C] as Pose["orientation"]);
    }
  });

  test("tool (the seed's): robot_origin . (vr_origin^-1 . vr): with the tool down a vertical twist tilts it about base Y", () => {
    // vr_origin^-1 . vr is the turn in the controller's own axes (about VR +Y): (0, S, 0, C);
    // (1,0,0,0) . (0, S, 0, C) = (C, 0, S, 0) = 30 degrees about base -Y applied to DOWN: a tilt.
    expectQuat(withTool(DOWN, [0, 1, 0], "tool"), [C, 0, S, 0]);
    // Tilted 90deg about Y: (0, H, 0, H) . (0, S, 0, C) = (0, H(S + C), 0, H(C - S)): tilted further, to 120deg
    expectQuat(withTool([0, H, 0, H], [0, 1, 0], "tool"), [0, H * (S + C), 0, H * (C - S)]);
  });

  test("delta (DROID's): quat(euler(rot_vel x max_rot_delta)) . robot", () => {
    const vrOrigin = vrAt(0, 1, 0);
    const vr: Pose = {
      position: vrOrigin.position,
      orientation: quatMultiply(quatFromAxisAngle([0, 0, 1], 0.2), vrOrigin.orientation),
    };
    const out = controlLaw(input({ vr, vrOrigin }), DEFAULT_GAINS, "delta");
    // rot_vel z = 0.4; x 0.15 = 0.06 about Z; (0, 0, sin 0.03, cos 0.03) . (1, 0, 0, 0)
    expectClose(out.target.orientation, [Math.cos(0.03), Math.sin(0.03), 0, 0]);
  });
});

/** Equal as rotations: q and -q are the same one. */
function expectQuat(actual: readonly number[], expected: readonly number[]): void {
  const sign = actual.reduce((acc, x, k) => acc + x * expected[k]!, 0) < 0 ? -1 : 1;
  expectClose(
    actual.map((x) => x * sign),
    expected,
  );
}

describe("gripper", () => {
  test("action (1.5 x trigger - robot gripper) x 3, limited to norm 1", () => {
    expect(
      controlLaw(input({ trigger: 0.2, robotGripper: 0.2 }), DEFAULT_GAINS, "base").action[6],
    ).toBeCloseTo(0.3, 12);
    expect(
      controlLaw(input({ trigger: 1, robotGripper: 0 }), DEFAULT_GAINS, "base").action[6],
    ).toBe(1);
    expect(
      controlLaw(input({ trigger: 0, robotGripper: 1 }), DEFAULT_GAINS, "base").action[6],
    ).toBe(-1);
  });

  test("command closed above the 0.1 trigger threshold, else open", () => {
    expect(gripperCommand(0.05)).toBe(0);
    expect(gripperCommand(0.1)).toBe(0);
    expect(gripperCommand(0.11)).toBe(1);
    expect(controlLaw(input({ trigger: 0.5 }), DEFAULT_GAINS, "base").gripper).toBe(1);
  });
});

describe("limits", () => {
  test("limitNorm scales only vectors longer than the limit", () => {
    expectClose(limitNorm([3, 4], 1), [0.6, 0.8]);
    expectClose(limitNorm([0.3, 0.4], 1), [0.3, 0.4]);
  });

  test("workspace x [0.2, 0.75], y [-0.4, 0.4], z [0.05, 0.7]", () => {
    expectClose(clipToWorkspace([1, -1, 0]), [0.75, -0.4, 0.05]);
    expectClose(clipToWorkspace([0.1, 0.5, 0.9]), [0.2, 0.4, 0.7]);
    expectClose(clipToWorkspace([0.5, 0.1, 0.3]), [0.5, 0.1, 0.3]);
  });

  test("a saturated push at the workspace edge stops at the edge", () => {
    const edge = robotAt(0.74, 0, 0.3);
    const out = controlLaw(
      input({ vr: vrAt(0, 1, -0.3), robot: edge, robotOrigin: edge }),
      DEFAULT_GAINS,
      "base",
    );
    expectClose(out.target.position, [0.75, 0, 0.3]);
  });

  test("every action entry stays in [-1, 1]", () => {
    const out = controlLaw(input({ vr: vrAt(3, -2, 5), trigger: 1 }), DEFAULT_GAINS, "delta");
    for (const x of out.action) expect(Math.abs(x)).toBeLessThanOrEqual(1);
  });
});
