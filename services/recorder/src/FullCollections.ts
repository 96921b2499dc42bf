/**
 * A full collection of the JS heap every few seconds while recording, run in
 * the slack just after a tick. Each tick's records survive the eden
 * collection that finds them in the writer and die right after, so JSC's
 * generational heuristics let them pile up as old garbage (about 0.15 MB a
 * second in the recorder) until the heap reaches 1.7 times what the last full
 * collection left: a 4-5 MB sawtooth on top of the resident set. A full
 * collection of the recorder's heap takes 4-5 ms, well inside the 25 ms
 * between ticks, and every 5 s costs about 0.1 % of a core (BENCHMARKS.md,
 * eighth session: peak 58.0 against 60.2-61.4 MB over 60 s).
 */
export const FULL_COLLECTION_SECONDS = 5;

/** After the tick's own turn: the records it queued are written (setImmediate) by then. */
const AFTER_TICK_MS = 2;

export class FullCollections {
  private lastMs: number | undefined;

  constructor(
    private readonly everyMs: number,
    private readonly collect: () => void,
    private readonly later: (run: () => void) => void = (run) => setTimeout(run, AFTER_TICK_MS),
  ) {}

  /** Called after a recording tick at `atMs`; schedules a collection once `everyMs` has passed since the last (or the first tick). */
  afterTick(atMs: number): void {
    if (this.lastMs === undefined) this.lastMs = atMs;
    if (atMs - this.lastMs < this.everyMs) return;
    this.lastMs = atMs;
    this.later(this.collect);
  }
}
