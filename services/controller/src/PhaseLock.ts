/**
 * Moves the control loop's ticks to just after a VR sample's arrival. A 40 Hz
 * loop reading a 50 Hz source uses samples whose ages step through a lattice
 * (a, a + 5, a + 10, a + 15 ms, over and over), where a (0-5 ms) is wherever
 * the two loops' phases happened to meet at start; at 72 or 90 Hz the lattice
 * is 2.8 ms apart. Holding the lattice's youngest point a little after an
 * arrival takes a to its floor, so the oldest sample a tick uses is as young
 * as the rates allow, every run. Moves are small steps: the period stays steady.
 *
 * How little after depends on how late arrivals come. A sample that arrives
 * after the tick it was meant for leaves that tick the one before, a whole VR
 * period older: a miss. Each miss widens a margin over the target; each half
 * second without one narrows it a little, so misses settle near one tick in 200.
 */
import { RollingWindow } from "@teleop/shared/stats";

/** Ticks observed before each decision: 0.5 s at 40 Hz, enough to span the lattice. */
const PHASE_LOCK_WINDOW_TICKS = 20;
/** The share of a window's error corrected once locked: the youngest age is noisy, so follow it slowly. */
const PHASE_LOCK_GAIN = 0.3;
/** The most one tick is moved, ms: the period error a move costs. */
export const PHASE_LOCK_MAX_STEP_MS = 0.25;
/**
 * Margin added per miss, and taken off per window without one, ms: misses
 * settle near 0.025 / 0.25 per window of 20 ticks (one tick in 200, which
 * moves no p99).
 */
const PHASE_LOCK_MISS_MARGIN_MS = 0.25;
const PHASE_LOCK_MARGIN_DECAY_MS = 0.025;
/** The widest margin, ms: beyond it a tick meets another point of the lattice first. */
const PHASE_LOCK_MAX_MARGIN_MS = 2;
/** Arrival intervals the stream's period is the median of. */
const PERIOD_SAMPLES = 32;

export interface PhaseLockOptions {
  /** How long after its arrival the youngest sample a tick uses should be, at least, ms. */
  targetMs: number;
  /** A sample older than this is no stream to lock to, ms. */
  maxAgeMs: number;
}

export interface PhaseLockReport {
  /** A window has seen a live stream and the loop follows it. */
  locked: boolean;
  /** The youngest sample age of the last window that had a stream, ms. */
  youngestMs: number | null;
  /** The margin over the target that misses have asked for, ms. */
  marginMs: number;
  /** Ticks that a late sample missed. */
  misses: number;
  /** How far the ticks have been moved in all, ms (negative: earlier). */
  movedMs: number;
}

export class PhaseLock {
  private readonly intervals = new RollingWindow(PERIOD_SAMPLES);
  private lastArrival: number | undefined;
  private periodMs: number | undefined;
  private youngest = Number.POSITIVE_INFINITY;
  private observed = 0;
  private withSample = 0;
  private missed = 0;
  private pending = 0;
  private locked = false;
  private lastYoungest: number | null = null;
  private marginMs = 0;
  private misses = 0;
  private movedMs = 0;

  constructor(private readonly o: PhaseLockOptions) {}

  /** A VR sample arrived (ms, on the clock the ticks are read on). */
  arrival(atMs: number): void {
    if (this.lastArrival !== undefined) {
      const gap = atMs - this.lastArrival;
      if (gap > 0 && gap <= this.o.maxAgeMs) this.intervals.push(gap);
    }
    this.lastArrival = atMs;
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
      if (this.isMiss(sampleAgeMs)) this.missed++;
    }
    if (this.observed < PHASE_LOCK_WINDOW_TICKS) return 0;
    this.decide();
    return this.pending !== 0 ? this.step() : 0;
  }

  report(): PhaseLockReport {
    return {
      locked: this.locked,
      youngestMs: this.lastYoungest,
      marginMs: this.marginMs,
      misses: this.misses,
      movedMs: this.movedMs,
    };
  }

  /**
   * A missed tick uses a sample about a period plus the lead older; the
   * lattice's oldest point, a period less one lattice step plus the lead.
   * Half the lead over the period tells them apart; past 1.5 periods the
   * stream has a gap, not a late sample.
   */
  private isMiss(ageMs: number): boolean {
    const p = this.periodMs;
    if (p === undefined) return false;
    return ageMs > p + (this.o.targetMs + this.marginMs) / 2 && ageMs < 1.5 * p;
  }

  private decide(): void {
    // Most of the window without a live stream: nothing to follow, and a stream
    // that comes back is met afresh, with the whole of its first error.
    if (this.withSample * 2 < this.observed) {
      this.locked = false;
    } else {
      this.misses += this.missed;
      this.marginMs =
        this.missed > 0
          ? Math.min(
              PHASE_LOCK_MAX_MARGIN_MS,
              this.marginMs + this.missed * PHASE_LOCK_MISS_MARGIN_MS,
            )
          : Math.max(0, this.marginMs - PHASE_LOCK_MARGIN_DECAY_MS);
      const error = this.o.targetMs + this.marginMs - this.youngest;
      this.pending = this.locked ? error * PHASE_LOCK_GAIN : error;
      this.locked = true;
      this.lastYoungest = this.youngest;
    }
    if (this.intervals.size > 0) this.periodMs = this.intervals.summary().p50;
    this.observed = 0;
    this.withSample = 0;
    this.missed = 0;
    this.youngest = Number.POSITIVE_INFINITY;
  }

  private step(): number {
    const step = Math.max(-PHASE_LOCK_MAX_STEP_MS, Math.min(PHASE_LOCK_MAX_STEP_MS, this.pending));
    // Rounding leftovers would keep a move going for nothing.
    this.pending = Math.abs(this.pending - step) < 1e-9 ? 0 : this.pending - step;
    this.movedMs += step;
    return step;
  }
}
