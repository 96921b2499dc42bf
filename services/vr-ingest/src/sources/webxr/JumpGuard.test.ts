import { expect, test } from "bun:test";
import type { Controller } from "@teleop/shared/messages";
import { JumpGuard, MAX_JUMP_M } from "./JumpGuard";

const at = (x: number, tracked = true): Controller => ({
  tracked,
  pose: { position: [x, 1, 0], orientation: [0, 0, 0, 1] },
  trigger: 0,
  grip: 0,
  joystick: [0, 0],
  buttons: {
    primary: false,
    secondary: false,
    grip: false,
    trigger: false,
    joystick: false,
    menu: false,
  },
});

test("a step below the limit passes, a leap beyond it is reported with its length", () => {
  const g = new JumpGuard();
  expect(g.check("right", at(0))).toBeUndefined();
  expect(g.check("right", at(0.02))).toBeUndefined();
  expect(g.check("right", at(0.02 + MAX_JUMP_M - 0.01))).toBeUndefined();
  expect(g.check("right", at(1.5))).toBeCloseTo(1.5 - (0.02 + MAX_JUMP_M - 0.01), 9);
  // The next frame is judged against the leap, so tracking recovers at the new place.
  expect(g.check("right", at(1.52))).toBeUndefined();
});

test("hands are judged separately and untracked frames break the chain", () => {
  const g = new JumpGuard();
  g.check("right", at(0));
  expect(g.check("left", at(2))).toBeUndefined();
  g.check("right", at(0, false));
  expect(g.check("right", at(2))).toBeUndefined();
  g.check("left", undefined);
  expect(g.check("left", at(-2))).toBeUndefined();
});
