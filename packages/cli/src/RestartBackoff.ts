/**
 * When `teleop run` restarts a service that died: at once-ish the first time,
 * doubling after each quick death up to a ceiling, back to the start once a
 * run lasted long enough to count as healthy. Pure: run lengths in, delays out.
 */
export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;
/** A run this long resets the backoff. */
export const HEALTHY_RUN_MS = 30_000;

export class RestartBackoff {
  private quickDeaths = 0;
  restarts = 0;

  /** The wait before the next start, given how long the run that just ended lasted. */
  next(ranMs: number): number {
    if (ranMs >= HEALTHY_RUN_MS) this.quickDeaths = 0;
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.quickDeaths);
    this.quickDeaths++;
    this.restarts++;
    return delay;
  }
}
