/**
 * A sleep until a time on the shared clock that `wake()` cuts short: a replay
 * waits for its next sample's moment, and stopping it must not wait the gap out.
 */
import { now } from "./clock";

export class WakeableSleep {
  private wakeNow: (() => void) | undefined;

  /** Resolves at `at` (ms, shared clock) or when woken, whichever comes first. */
  until(at: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, at - now()));
      this.wakeNow = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the sleep in progress, if any, now. */
  wake(): void {
    this.wakeNow?.();
  }
}
