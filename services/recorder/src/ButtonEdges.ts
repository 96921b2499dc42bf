/**
 * Episode buttons of the followed hand only (the replaced server listens to
 * the controller that drives): A or X is `primary`, B or Y is `secondary`.
 * Reports rising edges; the first message only sets the baseline, so a button
 * already held when the recorder starts does nothing.
 */
import { buttonEdges } from "@teleop/shared/buttonEdges";
import type { VrState } from "@teleop/shared/messages";

export interface EpisodeButtonEdges {
  primary: boolean;
  secondary: boolean;
}

export class ButtonEdges {
  private prev: VrState | undefined;

  constructor(readonly hand: "right" | "left") {}

  update(vr: VrState): EpisodeButtonEdges {
    const edges = buttonEdges(this.prev, vr, true);
    this.prev = vr;
    const rose = (button: "primary" | "secondary") =>
      edges.some((e) => e.hand === this.hand && e.button === button && e.pressed);
    return { primary: rose("primary"), secondary: rose("secondary") };
  }
}
