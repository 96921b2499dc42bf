/**
 * Episode buttons from every VrState message: A (X on the left) is
 * `primary`, B (Y) is `secondary`. Reports rising edges per hand; the first
 * message only sets the baseline, so a button already held when the recorder
 * starts does nothing.
 */
import { buttonEdges } from "@teleop/shared/buttonEdges";
import type { VrState } from "@teleop/shared/messages";

export interface EpisodeButtonEdges {
  primary: boolean;
  secondary: boolean;
}

export class ButtonEdges {
  private prev: VrState | undefined;

  update(vr: VrState): EpisodeButtonEdges {
    const edges = buttonEdges(this.prev, vr, true);
    this.prev = vr;
    const rose = (button: "primary" | "secondary") =>
      edges.some((e) => e.button === button && e.pressed);
    return { primary: rose("primary"), secondary: rose("secondary") };
  }
}
