/**
 * At most one report per key per interval; reports in between are counted and
 * handed to the next one, so a stream of bad input costs one log line a second.
 */
export class RateLimiter {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly intervalMs: number) {}

  /** The number suppressed since the last report when this one may go out, else undefined. */
  take(key: string, at: number): number | undefined {
    const entry = this.last.get(key);
    if (entry && at - entry.at < this.intervalMs) {
      entry.suppressed++;
      return undefined;
    }
    this.last.set(key, { at, suppressed: 0 });
    return entry?.suppressed ?? 0;
  }
}
