/**
 * Episode buttons from every VrState message: A (X on the left) is
 * `primary`, B (Y) is `secondary`. Reports rising edges per hand; the first
 * message only sets the baseline, so a button already held when the recorder
 * starts does nothing.
 */
import type { VrState } from "@teleop/shared/messages";

export interface EpisodeButtonEdges {
  primary: boolean;
  secondary: boolean;
}

type Held = [
  rightPrimary: boolean,
  rightSecondary: boolean,
  leftPrimary: boolean,
  leftSecondary: boolean,
];

function held(vr: VrState): Held {
  return [
    vr.right?.buttons.primary ?? false,
    vr.right?.buttons.secondary ?? false,
    vr.left?.buttons.primary ?? false,
    vr.left?.buttons.secondary ?? false,
  ];
}

export class ButtonEdges {
  private prev: Held | undefined;

  update(vr: VrState): EpisodeButtonEdges {
    const now = held(vr);
    const prev = this.prev;
    this.prev = now;
    if (!prev) return { primary: false, secondary: false };
    const rose = (i: number) => now[i]! && !prev[i]!;
    return { primary: rose(0) || rose(2), secondary: rose(1) || rose(3) };
  }
}
