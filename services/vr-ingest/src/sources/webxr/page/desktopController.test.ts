import { expect, test } from "bun:test";
import {
  DESKTOP_REACH_M,
  DESKTOP_START,
  desktopController,
  dragBy,
  keyChange,
  wheelBy,
} from "./desktopController";

test("dragging right and up moves +X and +Y by 1 mm per pixel; the wheel moves Z", () => {
  const s = wheelBy(dragBy(DESKTOP_START, 100, -50), 200);
  const [x, y, z] = desktopController(s).pose.position;
  expect(x).toBeCloseTo(0.1, 12);
  expect(y).toBeCloseTo(1.05, 12);
  expect(z).toBeCloseTo(-0.3 + 0.1, 12);
});

test("positions stay within reach", () => {
  const far = dragBy(DESKTOP_START, 1e7, 1e7);
  expect(far.position[0]).toBe(DESKTOP_REACH_M);
  expect(far.position[1]).toBe(-DESKTOP_REACH_M);
});

test("keys press grip, trigger and buttons; G latches grip", () => {
  let s = keyChange(DESKTOP_START, " ", true);
  expect(desktopController(s).grip).toBe(1);
  expect(desktopController(s).buttons.grip).toBe(true);
  s = keyChange(s, " ", false);
  expect(desktopController(s).grip).toBe(0);
  s = keyChange(keyChange(s, "g", true), "g", false);
  expect(desktopController(s).buttons.grip).toBe(true);
  s = keyChange(keyChange(s, "T", true), "a", true);
  const c = desktopController(s);
  expect([c.trigger, c.buttons.trigger, c.buttons.primary, c.buttons.secondary]).toEqual([
    1,
    true,
    true,
    false,
  ]);
  expect(keyChange(s, "x", true)).toBe(s);
});

test("Q turns 5 degrees left about +Y; arrows drive the stick; R returns to the start", () => {
  const s = keyChange(keyChange(DESKTOP_START, "q", true), "ArrowUp", true);
  const c = desktopController(s);
  const half = (5 * Math.PI) / 180 / 2;
  expect(c.pose.orientation[1]).toBeCloseTo(Math.sin(half), 12);
  expect(c.pose.orientation[3]).toBeCloseTo(Math.cos(half), 12);
  expect(c.joystick).toEqual([0, 1]);
  const back = keyChange(dragBy(s, 40, 40), "r", true);
  expect(back.position).toEqual(DESKTOP_START.position);
  expect(back.yaw).toBe(0);
});
