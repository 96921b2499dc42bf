/** Button presses and releases between two consecutive VR states, for `button` events. */
import type { Buttons, VrState } from "@teleop/shared/messages";

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

/** A hand that appears or disappears yields no edges: only a change seen on both sides counts. */
export function buttonEdges(prev: VrState | undefined, next: VrState): ButtonEdge[] {
  const edges: ButtonEdge[] = [];
  for (const hand of ["right", "left"] as const) {
    const a = prev?.[hand]?.buttons;
    const b = next[hand]?.buttons;
    if (!a || !b) continue;
    for (const button of BUTTONS) {
      if (a[button] !== b[button]) edges.push({ hand, button, pressed: b[button] });
    }
  }
  return edges;
}
