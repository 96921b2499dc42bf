/**
 * Moves the control loop's ticks to just after a VR sample's arrival. A 40 Hz
 * loop reading a 50 Hz source uses samples whose ages step through a lattice
 * (a, a + 5, a + 10, a + 15 ms, over and over), where a (0-5 ms) is wherever
 * the two loops' phases happened to meet at start; at 72 or 90 Hz the lattice
 * is 2.8 ms apart. Holding the lattice's youngest point a little after an
 * arrival takes a to its floor, so the oldest sample a tick uses is as young
 * as the rates allow, every run. Moves are small steps: the period stays steady.
 */

/** Ticks observed before each decision: 0.5 s at 40 Hz, enough to span the lattice. */
export const PHASE_LOCK_WINDOW_TICKS = 20;
/** The share of a window's error corrected once locked: the youngest age is noisy, so follow it slowly. */
export const PHASE_LOCK_GAIN = 0.3;
/** The most one tick is moved, ms: the period error a move costs. */
export const PHASE_LOCK_MAX_STEP_MS = 0.25;

export interface PhaseLockOptions {
  /** How long after its arrival the youngest sample a tick uses should be, ms. */
  targetMs: number;
  /** A sample older than this is no stream to lock to, ms. */
  maxAgeMs: number;
  windowTicks?: number;
  gain?: number;
  maxStepMs?: number;
}

export interface PhaseLockReport {
  /** A window has seen a live stream and the loop follows it. */
  locked: boolean;
  /** The youngest sample age of the last window that had a stream, ms. */
  youngestMs: number | null;
  /** How far the ticks have been moved in all, ms (negative: earlier). */
  movedMs: number;
}

export class PhaseLock {
  private readonly windowTicks: number;
  private readonly gain: number;
  private readonly maxStepMs: number;
  private youngest = Number.POSITIVE_INFINITY;
  private observed = 0;
  private withSample = 0;
  private pending = 0;
  private locked = false;
  private lastYoungest: number | null = null;
  private movedMs = 0;

  constructor(private readonly o: PhaseLockOptions) {
    this.windowTicks = o.windowTicks ?? PHASE_LOCK_WINDOW_TICKS;
    this.gain = o.gain ?? PHASE_LOCK_GAIN;
    this.maxStepMs = o.maxStepMs ?? PHASE_LOCK_MAX_STEP_MS;
  }

  /**
   * One tick, given the age of the newest VR sample it uses (ms since that
   * sample arrived; undefined with none). Returns how far to move the ticks
   * from the next one on, ms (negative: earlier).
   */
  tick(sampleAgeMs: number | undefined): number {
    // Ticks while a move is under way are not observed: they sit between two phases.
    if (this.pending !== 0) return this.step();
    this.observed++;
    if (sampleAgeMs !== undefined && sampleAgeMs >= 0 && sampleAgeMs <= this.o.maxAgeMs) {
      this.withSample++;
      this.youngest = Math.min(this.youngest, sampleAgeMs);
    }
    if (this.observed < this.windowTicks) return 0;
    this.decide();
    return this.pending !== 0 ? this.step() : 0;
  }

  report(): PhaseLockReport {
    return { locked: this.locked, youngestMs: this.lastYoungest, movedMs: this.movedMs };
  }

  private decide(): void {
    // Most of the window without a live stream: nothing to follow, and a stream
    // that comes back is met afresh, with the whole of its first error.
    if (this.withSample * 2 < this.observed) {
      this.locked = false;
    } else {
      const error = this.o.targetMs - this.youngest;
      this.pending = this.locked ? error * this.gain : error;
      this.locked = true;
      this.lastYoungest = this.youngest;
    }
    this.observed = 0;
    this.withSample = 0;
    this.youngest = Number.POSITIVE_INFINITY;
  }

  private step(): number {
    const step = Math.max(-this.maxStepMs, Math.min(this.maxStepMs, this.pending));
    // Rounding leftovers would keep a move going for nothing.
    this.pending = Math.abs(this.pending - step) < 1e-9 ? 0 : this.pending - step;
    this.movedMs += step;
    return step;
  }
}
