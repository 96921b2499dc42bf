/**
 * Flags a tracked controller whose position leaps between two consecutive
 * tracked frames (tracking glitch, hand-tracking swap). The flagged hand is
 * passed on as untracked, so the controller releases its clutch instead of
 * moving the arm by the leap; the next frame is judged against the leap.
 */
import { norm, sub } from "@teleop/shared/math";
import type { Controller } from "@teleop/shared/messages";

/** A hand moves well under 0.1 m between frames at 72-120 Hz (~3 m/s at most). */
export const MAX_JUMP_M = 0.25;

export type Hand = "right" | "left";

export class JumpGuard {
  private readonly last = new Map<Hand, Controller>();

  /** Returns the jump distance in metres when `c` leapt, else undefined; remembers `c`. */
  check(hand: Hand, c: Controller | undefined): number | undefined {
    const prev = this.last.get(hand);
    if (c) this.last.set(hand, c);
    else this.last.delete(hand);
    if (!prev?.tracked || !c?.tracked) return undefined;
    const d = norm(sub(c.pose.position, prev.pose.position));
    return d > MAX_JUMP_M ? d : undefined;
  }

  clear(): void {
    this.last.clear();
  }
}
