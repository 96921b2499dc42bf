/**
 * A reference-space reset (the operator recentred) moves the origin under
 * the hands, so it releases the clutch: the next frame says `reset` with both
 * hands untracked, and grip stays released until the operator lets go of it
 * and squeezes again, however long the controller takes to notice.
 */
import type { Controller } from "@teleop/shared/messages";
import type { WebXrFrame } from "../wire";

const HANDS = ["right", "left"] as const;

function releaseGrip(c: Controller, tracked: boolean): Controller {
  return { ...c, tracked, grip: 0, buttons: { ...c.buttons, grip: false } };
}

export class ResetLatch {
  private pending = false;
  private latched = false;

  trigger(): void {
    this.pending = true;
    this.latched = true;
  }

  /** True while grip is held back after a reset. */
  get holding(): boolean {
    return this.latched;
  }

  apply(frame: WebXrFrame): WebXrFrame {
    if (!this.latched) return frame;
    if (!this.pending && HANDS.every((h) => !frame[h]?.buttons.grip)) {
      this.latched = false;
      return frame;
    }
    const out: WebXrFrame = { ...frame };
    if (this.pending) out.reset = true;
    for (const h of HANDS) {
      const c = frame[h];
      if (c) out[h] = releaseGrip(c, this.pending ? false : c.tracked);
    }
    this.pending = false;
    return out;
  }
}
