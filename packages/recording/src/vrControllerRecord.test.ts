import { expect, test } from "bun:test";
import type { Buttons, Controller, VrState } from "@teleop/shared/messages";
import { controllerAt } from "../../../test/support/fixtures";
import { vrControllerRecord } from "./records";

const hand = (b: Partial<Buttons>): Controller => controllerAt([0, 1, 0], { buttons: b });
const vr = (right: Partial<Buttons>, left: Partial<Buttons>): VrState => ({
  v: 1,
  seq: 1,
  t: 1_700_000_000_000,
  source: "sim",
  right: hand(right),
  left: hand(left),
});
const flags = (r: { success: boolean; failure: boolean }) => [r.success, r.failure];

test("/vr_controller success and failure are the raw A and B states (DROID's naming)", () => {
  expect(flags(vrControllerRecord(vr({ primary: true }, {}), false, 0))).toEqual([true, false]);
  expect(flags(vrControllerRecord(vr({ secondary: true }, {}), false, 0))).toEqual([false, true]);
  expect(flags(vrControllerRecord(vr({}, {}), false, 0))).toEqual([false, false]);
  // The seed's button names say the same: A is success, B is failure.
  const rec = vrControllerRecord(vr({ primary: true }, {}), false, 0);
  expect(rec.buttons.A).toBe(rec.success);
  expect(rec.buttons.B).toBe(rec.failure);
});

test("X and Y when the left hand is followed; the other hand's buttons do not count", () => {
  const xOnly = vr({}, { primary: true });
  expect(flags(vrControllerRecord(xOnly, false, 0, "right"))).toEqual([false, false]);
  expect(flags(vrControllerRecord(xOnly, false, 0, "left"))).toEqual([true, false]);
  expect(
    flags(vrControllerRecord(vr({ primary: true }, { secondary: true }), false, 0, "left")),
  ).toEqual([false, true]);
});
