/**
 * Episode buttons of the followed hand only (the replaced server listens to
 * the controller that drives): A or X is `primary`, B or Y is `secondary`.
 * Reports rising edges; the first message only sets the baseline, so a button
 * already held when the recorder starts does nothing.
 */
import type { VrState } from "@teleop/shared/messages";

export interface EpisodeButtonEdges {
  primary: boolean;
  secondary: boolean;
}

export class ButtonEdges {
  private prev: EpisodeButtonEdges | undefined;

  constructor(readonly hand: "right" | "left") {}

  update(vr: VrState): EpisodeButtonEdges {
    const b = vr[this.hand]?.buttons;
    const now = { primary: b?.primary ?? false, secondary: b?.secondary ?? false };
    const prev = this.prev;
    this.prev = now;
    if (!prev) return { primary: false, secondary: false };
    return {
      primary: now.primary && !prev.primary,
      secondary: now.secondary && !prev.secondary,
    };
  }
}
