import { describe, expect, test } from "bun:test";
import { DROID_COORD_TRANSFORM, SEED_COORD_TRANSFORM } from "@teleop/shared/control";
import { IDENTITY_QUAT, type Pose, quatFromAxisAngle, type Vec3 } from "@teleop/shared/math";
import { Calibration } from "./Calibration";
import { expectClose } from "./expectClose";
import { reorderMatrix } from "./reorder";
import { vrInRobotFrame } from "./vrTransform";

const make = (v: readonly number[] = SEED_COORD_TRANSFORM) =>
  new Calibration({ hand: "right", coordTransform: [...v], reorder: reorderMatrix(v) });
const at = (x: number, y: number, z: number, orientation = IDENTITY_QUAT): Pose => ({
  position: [x, y, z],
  orientation,
});
const sample = (pose: Pose, buttons: { joystick?: boolean; grip?: boolean } = {}) => ({
  pose,
  joystick: buttons.joystick ?? false,
  grip: buttons.grip ?? false,
  t: 1000,
});
/** Where a raw controller position ends up in the robot frame under the calibration. */
const mapped = (c: Calibration, v: readonly number[], p: Vec3) =>
  vrInRobotFrame(at(...p), c.record!, reorderMatrix(v), 1).position;

describe("G = inverse(controller pose)", () => {
  test("captured on the first grip press only", () => {
    const c = make();
    expect(c.update(sample(at(0.1, 1, -0.2)))).toBeUndefined();
    const r = c.update(sample(at(0.1, 1, -0.2), { grip: true }))!;
    expect(r.how).toBe("grip");
    expectClose(r.g.position, [-0.1, -1, 0.2]);
    c.update(sample(at(0.1, 1, -0.2)));
    expect(c.update(sample(at(0.5, 1, -0.2), { grip: true }))).toBeUndefined();
    expectClose(c.record!.g.position, [-0.1, -1, 0.2]);
  });

  test("a joystick click recaptures it at any time (press and release without moving)", () => {
    const c = make();
    c.update(sample(at(0, 1, 0), { grip: true }));
    c.update(sample(at(0.3, 1.1, 0), { joystick: true }));
    const r = c.update(sample(at(0.301, 1.1, 0)))!;
    expect(r.how).toBe("joystick");
    expectClose(r.g.position, [-0.3, -1.1, 0]);
    expectClose(r.forward, IDENTITY_QUAT);
  });
});

describe("forward-direction calibration (hold joystick, move > 3 mm, release)", () => {
  test("moving right (VR +X, robot -Y under -3 -1 2 4) makes that motion robot +X", () => {
    const c = make();
    c.update(sample(at(0, 1, 0), { joystick: true }));
    const r = c.update(sample(at(0.05, 1, 0)))!;
    expect(r.how).toBe("forward");
    // -Y onto +X is +90 degrees about Z.
    expectClose(r.forward, quatFromAxisAngle([0, 0, 1], Math.PI / 2));
    expectClose(mapped(c, SEED_COORD_TRANSFORM, [0.1, 1, 0]), [0.1, 0, 0]);
    // Up stays up.
    expectClose(mapped(c, SEED_COORD_TRANSFORM, [0, 1.1, 0]), [0, 0, 0.1]);
  });

  test("moving backward (VR +Z, robot -X) turns half way round", () => {
    const c = make();
    c.update(sample(at(0, 1, 0), { joystick: true }));
    c.update(sample(at(0, 1, 0.02)));
    expectClose(mapped(c, SEED_COORD_TRANSFORM, [0, 1, 0.1]), [0.1, 0, 0]);
  });

  test("through G: a controller held turned 90 degrees left, pushed along its own forward", () => {
    const c = make();
    const turned = quatFromAxisAngle([0, 1, 0], Math.PI / 2);
    c.update(sample(at(0, 1, 0, turned), { joystick: true }));
    // Its own -Z is VR -X; move it VR +Z (its left) instead: that becomes forward.
    c.update(sample(at(0, 1, 0.01, turned)));
    expectClose(mapped(c, SEED_COORD_TRANSFORM, [0, 1, 0.1]), [0.1, 0, 0]);
  });

  test("with DROID's vector too: VR up (robot -X under -2 -1 -3 4) becomes +X", () => {
    const c = make(DROID_COORD_TRANSFORM);
    c.update(sample(at(0, 1, 0), { joystick: true }));
    c.update(sample(at(0, 1.01, 0)));
    expect(c.record!.how).toBe("forward");
    expectClose(mapped(c, DROID_COORD_TRANSFORM, [0, 1.1, 0]), [0.1, 0, 0]);
  });

  test("3 mm or less is a plain click: no forward rotation", () => {
    const c = make();
    c.update(sample(at(0, 1, 0), { joystick: true }));
    expect(c.update(sample(at(0.002, 1, 0.002)))!.how).toBe("joystick");
    expectClose(c.record!.forward, IDENTITY_QUAT);
  });

  test("a grip press during the gesture does not capture a grip calibration", () => {
    const c = make();
    c.update(sample(at(0, 1, 0), { joystick: true }));
    expect(c.update(sample(at(0.01, 1, 0), { joystick: true, grip: true }))).toBeUndefined();
    expect(c.update(sample(at(0.02, 1, 0), { grip: true }))!.how).toBe("forward");
  });
});

describe("stored records", () => {
  test("loaded only for the same hand and reorder vector; cleared on request", () => {
    const c = make();
    c.update(sample(at(0, 1, 0), { grip: true }));
    const record = c.record!;
    const other = make(DROID_COORD_TRANSFORM);
    expect(other.load(record)).toMatch(/coord transform/);
    expect(other.calibrated).toBe(false);
    expect(other.load({ ...record, hand: "left" })).toMatch(/left/);
    const fresh = make();
    expect(fresh.load(record)).toBeUndefined();
    expect(fresh.calibrated).toBe(true);
    fresh.clear();
    expect(fresh.calibrated).toBe(false);
  });
});
