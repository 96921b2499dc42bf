/**
 * Button presses and releases between two consecutive VR states: vr-ingest's
 * `button` events and the recorder's episode buttons.
 */
import { type Buttons, releasedButtons, type VrState } from "./messages";

export interface ButtonEdge {
  hand: "right" | "left";
  button: keyof Buttons;
  pressed: boolean;
}

const BUTTONS: ReadonlyArray<keyof Buttons> = [
  "primary",
  "secondary",
  "grip",
  "trigger",
  "joystick",
  "menu",
];

/**
 * By default a hand that appears or disappears yields no edges: only a change
 * seen on both sides counts. With `absentReleased`, a missing hand counts as
 * all buttons up (a hand appearing with A held presses A). No edges without a
 * previous state either way.
 */
export function buttonEdges(
  prev: VrState | undefined,
  next: VrState,
  absentReleased = false,
): ButtonEdge[] {
  const edges: ButtonEdge[] = [];
  if (!prev) return edges;
  const up = absentReleased ? releasedButtons() : undefined;
  for (const hand of ["right", "left"] as const) {
    const a = prev[hand]?.buttons ?? up;
    const b = next[hand]?.buttons ?? up;
    if (!a || !b) continue;
    for (const button of BUTTONS) {
      if (a[button] !== b[button]) edges.push({ hand, button, pressed: b[button] });
    }
  }
  return edges;
}
