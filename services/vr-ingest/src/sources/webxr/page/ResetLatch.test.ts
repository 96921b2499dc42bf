import { expect, test } from "bun:test";
import type { Controller } from "@teleop/shared/messages";
import type { WebXrFrame } from "../wire";
import { ResetLatch } from "./ResetLatch";

const hand = (grip: boolean): Controller => ({
  tracked: true,
  pose: { position: [0, 1, 0], orientation: [0, 0, 0, 1] },
  trigger: 0.5,
  grip: grip ? 1 : 0,
  joystick: [0, 0],
  buttons: { primary: false, secondary: false, grip, trigger: true, joystick: false, menu: false },
});

const frame = (rightGrip: boolean, leftGrip = false): WebXrFrame => ({
  t: 1,
  right: hand(rightGrip),
  left: hand(leftGrip),
});

test("without a reset frames pass untouched", () => {
  const f = frame(true);
  expect(new ResetLatch().apply(f)).toBe(f);
});

test("a reset flags one untracked frame, then holds grip released until the operator lets go", () => {
  const latch = new ResetLatch();
  latch.trigger();
  const first = latch.apply(frame(true));
  expect(first.reset).toBe(true);
  expect(first.right?.tracked).toBe(false);
  expect(first.left?.tracked).toBe(false);
  expect(first.right?.grip).toBe(0);
  expect(first.right?.buttons.grip).toBe(false);
  expect(first.right?.trigger).toBe(0.5);

  // Still squeezing: tracked again, grip still held back, no second reset flag.
  const held = latch.apply(frame(true));
  expect(held.reset).toBeUndefined();
  expect(held.right?.tracked).toBe(true);
  expect(held.right?.buttons.grip).toBe(false);
  expect(latch.holding).toBe(true);

  // Let go: the latch opens; the next squeeze passes through.
  expect(latch.apply(frame(false)).right?.buttons.grip).toBe(false);
  expect(latch.holding).toBe(false);
  expect(latch.apply(frame(true)).right?.buttons.grip).toBe(true);
});

test("either hand still squeezing keeps the latch closed", () => {
  const latch = new ResetLatch();
  latch.trigger();
  latch.apply(frame(false, true));
  expect(latch.apply(frame(false, true)).left?.grip).toBe(0);
  expect(latch.holding).toBe(true);
});
