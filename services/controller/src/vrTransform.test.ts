import { describe, expect, test } from "bun:test";
import { SEED_COORD_TRANSFORM } from "@teleop/shared/control";
import {
  IDENTITY_QUAT,
  invertPose,
  type Pose,
  quatFromAxisAngle,
  quatMultiply,
  rotate,
} from "@teleop/shared/math";
import { expectClose } from "./expectClose";
import { reorderMatrix } from "./reorder";
import { applyDeadZone, labelboxRotation, vrInRobotFrame } from "./vrTransform";

const M = reorderMatrix(SEED_COORD_TRANSFORM);
const identity: Pose = { position: [0, 0, 0], orientation: [0, 0, 0, 1] };
const noCal = { g: identity, forward: IDENTITY_QUAT };

describe("T = F . M . G . P", () => {
  test("identity G: positions are reordered, the orientation is M's rotation", () => {
    const p = vrInRobotFrame({ position: [0.1, 0.2, 0.3], orientation: [0, 0, 0, 1] }, noCal, M, 1);
    expectClose(p.position, [-0.3, -0.1, 0.2]);
    expectClose(rotate(p.orientation, [0, 0, -1]), [1, 0, 0]);
    expectClose(rotate(p.orientation, [0, 1, 0]), [0, 0, 1]);
  });

  test("spatial_coeff scales the position only", () => {
    const p = vrInRobotFrame({ position: [0, 0, -0.1], orientation: [0, 0, 0, 1] }, noCal, M, 2);
    expectClose(p.position, [0.2, 0, 0]);
  });

  test("G = inverse(capture pose): the capture pose maps to the origin; the controller's own forward is robot +X", () => {
    // Captured turned 90 degrees left (about VR +Y), away from the VR origin.
    const capture: Pose = {
      position: [0.1, 1.2, -0.3],
      orientation: quatFromAxisAngle([0, 1, 0], Math.PI / 2),
    };
    const cal = { g: invertPose(capture), forward: IDENTITY_QUAT };
    expectClose(vrInRobotFrame(capture, cal, M, 1).position, [0, 0, 0]);
    // 10 cm along the controller's own -Z is (-0.1, 0, 0) in the VR frame.
    const moved: Pose = { position: [0.0, 1.2, -0.3], orientation: capture.orientation };
    expectClose(vrInRobotFrame(moved, cal, M, 1).position, [0.1, 0, 0]);
  });

  test("the forward rotation F turns the mapped result in the robot frame", () => {
    const cal = { g: identity, forward: quatFromAxisAngle([0, 0, 1], Math.PI / 2) };
    const p = vrInRobotFrame({ position: [0, 0, -0.1], orientation: [0, 0, 0, 1] }, cal, M, 1);
    expectClose(p.position, [0, 0.1, 0]);
  });
});

describe("labelbox rotation: neutral-relative axis-angle, axis remapped to [-ay, ax, az]", () => {
  test("0.3 rad about the controller's X becomes 0.3 rad about +Y", () => {
    const q = labelboxRotation(IDENTITY_QUAT, quatFromAxisAngle([1, 0, 0], 0.3));
    expectClose(q, quatFromAxisAngle([0, 1, 0], 0.3));
  });

  test("0.3 rad about Y becomes 0.3 rad about -X; Z stays Z", () => {
    expectClose(
      labelboxRotation(IDENTITY_QUAT, quatFromAxisAngle([0, 1, 0], 0.3)),
      quatFromAxisAngle([-1, 0, 0], 0.3),
    );
    expectClose(
      labelboxRotation(IDENTITY_QUAT, quatFromAxisAngle([0, 0, 1], 0.3)),
      quatFromAxisAngle([0, 0, 1], 0.3),
    );
  });

  test("relative to the neutral pose, in the controller's own frame", () => {
    const neutral = quatFromAxisAngle([0, 0, 1], Math.PI / 2);
    const current = quatMultiply(neutral, quatFromAxisAngle([1, 0, 0], 0.3));
    expectClose(labelboxRotation(neutral, current), quatFromAxisAngle([0, 1, 0], 0.3));
    expectClose(labelboxRotation(neutral, neutral), [0, 0, 0, 1]);
  });
});

describe("dead zone (per axis, per tick)", () => {
  test("an axis that moved less than 0.5 mm keeps its last value", () => {
    expectClose(applyDeadZone([0, 0, 0], [0.0004, 0.001, -0.0006], 0.0005), [0, 0.001, -0.0006]);
  });

  test("slow motion is held back to steps, never more than the zone behind (compared with the last output, as the seed does)", () => {
    let p: [number, number, number] = [0, 0, 0];
    const outputs: number[] = [];
    // 0.49 mm per tick (about 2 cm/s at 40 Hz): each single step is under the zone.
    for (let i = 1; i <= 40; i++) {
      p = applyDeadZone(p, [i * 0.00049, 0, 0], 0.0005);
      outputs.push(p[0]);
    }
    expect(outputs[0]).toBe(0);
    expect(outputs[1]).toBeCloseTo(0.00098, 12);
    expect(outputs[2]).toBeCloseTo(0.00098, 12);
    for (let i = 0; i < 40; i++) expect((i + 1) * 0.00049 - outputs[i]!).toBeLessThan(0.0005);
  });
});
