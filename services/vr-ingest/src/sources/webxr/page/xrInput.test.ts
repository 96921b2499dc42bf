import { expect, test } from "bun:test";
import { controllerFromXr } from "./xrInput";
import type { GamepadLike, XRPoseLike } from "./xrTypes";

const pose = (emulatedPosition = false): XRPoseLike => ({
  transform: {
    position: { x: 0.2, y: 1.1, z: -0.4, w: 1 },
    orientation: { x: 0, y: 0.5, z: 0, w: Math.sqrt(0.75) },
  },
  emulatedPosition,
});

const button = (pressed: boolean, value = pressed ? 1 : 0) => ({ pressed, value });

// Touch Plus under xr-standard: [0] trigger, [1] squeeze, [2] empty, [3] thumbstick, [4] A/X, [5] B/Y, [6] thumbrest; no [7].
const gamepad: GamepadLike = {
  mapping: "xr-standard",
  buttons: [
    button(true, 0.75),
    button(false, 0.3),
    button(false),
    button(true),
    button(false),
    button(true),
    button(true),
  ],
  // iwer (like the WebXR Gamepads Module's empty slots) leaves [0] and [1] null.
  axes: [null, null, 0.25, -0.5],
};

test("the grip pose passes through unchanged (local-floor already has OpenXR axes)", () => {
  const c = controllerFromXr(pose(), gamepad);
  expect(c.tracked).toBe(true);
  expect(c.pose.position).toEqual([0.2, 1.1, -0.4]);
  expect(c.pose.orientation).toEqual([0, 0.5, 0, Math.sqrt(0.75)]);
});

test("buttons and axes follow the xr-standard indices; stick forward becomes +y", () => {
  const c = controllerFromXr(pose(), gamepad);
  expect(c.trigger).toBe(0.75);
  expect(c.grip).toBe(0.3);
  expect(c.joystick).toEqual([0.25, 0.5]);
  expect(c.buttons).toEqual({
    trigger: true,
    grip: false,
    joystick: true,
    primary: false,
    secondary: true,
    // A Touch Plus has no [7]: the thumbrest at [6] is not the menu.
    menu: false,
  });
});

test("an inferred position is marked emulated (vr-ingest decides); a missing pose is untracked; a missing gamepad reads as released", () => {
  const inferred = controllerFromXr(pose(true), gamepad);
  expect(inferred.emulated).toBe(true);
  expect(inferred.tracked).toBe(true);
  expect(controllerFromXr(pose(false), gamepad).emulated).toBe(false);
  const none = controllerFromXr(undefined, undefined);
  expect(none.tracked).toBe(false);
  expect(none.pose).toEqual({ position: [0, 0, 0], orientation: [0, 0, 0, 1] });
  expect([none.trigger, none.grip, ...none.joystick]).toEqual([0, 0, 0, 0]);
  expect(Object.values(none.buttons).some(Boolean)).toBe(false);
});

test("out-of-range or non-finite analog values are clamped into the contract's ranges", () => {
  const wild: GamepadLike = {
    mapping: "xr-standard",
    buttons: [button(true, 1.2), button(false, Number.NaN)],
    axes: [0, 0, -3, Number.NaN],
  };
  const c = controllerFromXr(pose(), wild);
  expect(c.trigger).toBe(1);
  expect(c.grip).toBe(0);
  expect(c.joystick).toEqual([-1, 0]);
});
