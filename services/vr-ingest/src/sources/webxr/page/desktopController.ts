/**
 * The desktop fallback's virtual right controller: mouse drag moves it in
 * x (right) and y (up), the wheel in z (towards the operator), keys press
 * its buttons. Pure state updates; the page wires DOM events to them.
 *
 * Keys: Space (hold) grip, G toggles a held grip, T (hold) trigger, A / B
 * primary / secondary, Q / E turn left / right, arrows the thumbstick,
 * R back to the start pose.
 */
import type { Controller } from "@teleop/shared/messages";

export interface DesktopState {
  position: [number, number, number];
  /** Rotation about +Y (up), radians; positive turns left. */
  yaw: number;
  gripHeld: boolean;
  gripLatched: boolean;
  trigger: boolean;
  primary: boolean;
  secondary: boolean;
  stick: [number, number];
}

/** Standing height, a little in front of the body (local-floor: -Z is forward). */
export const DESKTOP_START: DesktopState = {
  position: [0, 1, -0.3],
  yaw: 0,
  gripHeld: false,
  gripLatched: false,
  trigger: false,
  primary: false,
  secondary: false,
  stick: [0, 0],
};

export const METRES_PER_PIXEL = 0.001;
export const METRES_PER_WHEEL_UNIT = 0.0005;
export const YAW_STEP_RAD = Math.PI / 36;
/** The virtual controller stays within reach of a person. */
export const DESKTOP_REACH_M = 2;

const limit = (x: number) => Math.min(DESKTOP_REACH_M, Math.max(-DESKTOP_REACH_M, x));

/** Screen drag: right is +X, up (negative screen y) is +Y. */
export function dragBy(s: DesktopState, dxPx: number, dyPx: number): DesktopState {
  const [x, y, z] = s.position;
  return {
    ...s,
    position: [limit(x + dxPx * METRES_PER_PIXEL), limit(y - dyPx * METRES_PER_PIXEL), z],
  };
}

/** Wheel down (positive deltaY) pulls the controller towards the operator (+Z). */
export function wheelBy(s: DesktopState, deltaY: number): DesktopState {
  const [x, y, z] = s.position;
  return { ...s, position: [x, y, limit(z + deltaY * METRES_PER_WHEEL_UNIT)] };
}

const STICK: Record<string, [number, number]> = {
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

/** A key went down or up; returns the same state when the key means nothing. */
export function keyChange(s: DesktopState, key: string, down: boolean): DesktopState {
  const stick = STICK[key];
  if (stick) return { ...s, stick: down ? stick : [0, 0] };
  switch (key.toLowerCase()) {
    case " ":
      return { ...s, gripHeld: down };
    case "g":
      return down ? { ...s, gripLatched: !s.gripLatched } : s;
    case "t":
      return { ...s, trigger: down };
    case "a":
      return { ...s, primary: down };
    case "b":
      return { ...s, secondary: down };
    case "q":
      return down ? { ...s, yaw: s.yaw + YAW_STEP_RAD } : s;
    case "e":
      return down ? { ...s, yaw: s.yaw - YAW_STEP_RAD } : s;
    case "r":
      return down ? { ...s, position: DESKTOP_START.position, yaw: 0 } : s;
    default:
      return s;
  }
}

export function desktopController(s: DesktopState): Controller {
  const grip = s.gripHeld || s.gripLatched;
  return {
    tracked: true,
    pose: {
      position: [...s.position],
      orientation: [0, Math.sin(s.yaw / 2), 0, Math.cos(s.yaw / 2)],
    },
    trigger: s.trigger ? 1 : 0,
    grip: grip ? 1 : 0,
    joystick: [...s.stick],
    buttons: {
      primary: s.primary,
      secondary: s.secondary,
      grip,
      trigger: s.trigger,
      joystick: false,
      menu: false,
    },
  };
}
