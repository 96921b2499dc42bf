/**
 * One XR input source to the contract's Controller: the grip pose as given
 * (local-floor already has OpenXR axes, metres) and the `xr-standard` gamepad
 * (REFERENCE section 3; a Touch Plus has no menu button, so `menu` stays
 * false there). The thumbstick's y is negated so that pushing forward is
 * positive, as in the Quest's native (OVR) input. A pose with an inferred
 * position is passed on as such (`emulated`): vr-ingest decides whether it drives.
 */
import type { PageController } from "../wire";
import type { GamepadLike, XRPoseLike } from "./xrTypes";

export const XR_BUTTON = {
  trigger: 0,
  squeeze: 1,
  thumbstick: 3,
  primary: 4,
  secondary: 5,
  menu: 7,
} as const;

const STICK_X = 2;
const STICK_Y = 3;

const clamp = (x: number, lo: number, hi: number) =>
  Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0;

export function controllerFromXr(
  pose: XRPoseLike | undefined,
  gamepad: GamepadLike | undefined,
): PageController {
  const b = (i: number) => gamepad?.buttons[i];
  const pressed = (i: number) => b(i)?.pressed ?? false;
  const axis = (i: number) => clamp(gamepad?.axes[i] ?? 0, -1, 1);
  const p = pose?.transform.position;
  const o = pose?.transform.orientation;
  return {
    tracked: pose !== undefined,
    emulated: pose?.emulatedPosition === true,
    pose: {
      position: p ? [p.x, p.y, p.z] : [0, 0, 0],
      orientation: o ? [o.x, o.y, o.z, o.w] : [0, 0, 0, 1],
    },
    trigger: clamp(b(XR_BUTTON.trigger)?.value ?? 0, 0, 1),
    grip: clamp(b(XR_BUTTON.squeeze)?.value ?? 0, 0, 1),
    joystick: [axis(STICK_X), axis(STICK_Y) === 0 ? 0 : -axis(STICK_Y)],
    buttons: {
      primary: pressed(XR_BUTTON.primary),
      secondary: pressed(XR_BUTTON.secondary),
      grip: pressed(XR_BUTTON.squeeze),
      trigger: pressed(XR_BUTTON.trigger),
      joystick: pressed(XR_BUTTON.thumbstick),
      menu: pressed(XR_BUTTON.menu),
    },
  };
}
