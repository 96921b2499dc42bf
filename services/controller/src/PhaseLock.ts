/**
 * Moves the control loop's ticks to just after a VR sample's arrival. A 40 Hz
 * loop reading a 50 Hz source uses samples whose ages step through a lattice
 * (a, a + 5, a + 10, a + 15 ms, over and over), where a (0-5 ms) is wherever
 * the two loops' phases happened to meet at start; at 72 or 90 Hz the lattice
 * is 2.8 ms apart. Holding the lattice's youngest point a little after an
 * arrival takes a to its floor, so the oldest sample a tick uses is as young
 * as the rates allow, every run. Moves are small steps: the period stays steady.
 *
 * The youngest age is taken over the last 100 ticks, so it is the age of the
 * latest of about 25 arrivals into that point of the lattice (at 50 Hz): an
 * arrival later than that misses its tick (and the tick uses a sample a
 * whole VR period older) about once in 25, on one tick in four, well under 1 %.
 */
import { RollingWindow } from "@teleop/shared/stats";

/** Ticks between two decisions: 0.5 s at 40 Hz. */
export const PHASE_LOCK_DECISION_TICKS = 20;
/** Ticks the youngest age is taken over. */
export const PHASE_LOCK_WINDOW_TICKS = 100;
/** The share of an error corrected once locked: the youngest age is noisy, so follow it slowly. */
export const PHASE_LOCK_GAIN = 0.3;
/** The most one tick is moved, ms: the period error a move costs. */
export const PHASE_LOCK_MAX_STEP_MS = 0.25;

export interface PhaseLockOptions {
  /** How long after its arrival the youngest sample a tick uses should be, ms. */
  targetMs: number;
  /** A sample older than this is no stream to lock to, ms. */
  maxAgeMs: number;
}

export interface PhaseLockReport {
  /** The loop follows a live stream. */
  locked: boolean;
  /** The youngest sample age over the window at the last decision, ms. */
  youngestMs: number | null;
  /** How far the ticks have been moved in all, ms (negative: earlier). */
  movedMs: number;
}

export class PhaseLock {
  /** Each tick's sample age less the moves made before it: comparable across moves. */
  private readonly ages = new RollingWindow(PHASE_LOCK_WINDOW_TICKS);
  private sinceDecision = 0;
  private withSample = 0;
  private pending = 0;
  private locked = false;
  private lastYoungest: number | null = null;
  private movedMs = 0;

  constructor(private readonly o: PhaseLockOptions) {}

  /**
   * One tick, given the age of the newest VR sample it uses (ms since that
   * sample arrived; undefined with none). Returns how far to move the ticks
   * from the next one on, ms (negative: earlier).
   */
  tick(sampleAgeMs: number | undefined): number {
    this.sinceDecision++;
    if (sampleAgeMs !== undefined && sampleAgeMs >= 0 && sampleAgeMs <= this.o.maxAgeMs) {
      this.withSample++;
      this.ages.push(sampleAgeMs - this.movedMs);
    }
    if (this.pending === 0 && this.sinceDecision >= PHASE_LOCK_DECISION_TICKS) this.decide();
    return this.pending !== 0 ? this.step() : 0;
  }

  report(): PhaseLockReport {
    return { locked: this.locked, youngestMs: this.lastYoungest, movedMs: this.movedMs };
  }

  private decide(): void {
    // Most of the last ticks without a live stream: nothing to follow, and a
    // stream that comes back is met afresh, with the whole of its first error.
    if (this.withSample * 2 < this.sinceDecision) {
      this.locked = false;
      this.ages.clear();
    } else {
      let youngest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.ages.size; i++) youngest = Math.min(youngest, this.ages.at(i));
      youngest += this.movedMs;
      const error = this.o.targetMs - youngest;
      this.pending = this.locked ? error * PHASE_LOCK_GAIN : error;
      this.locked = true;
      this.lastYoungest = youngest;
    }
    this.sinceDecision = 0;
    this.withSample = 0;
  }

  private step(): number {
    const step = Math.max(-PHASE_LOCK_MAX_STEP_MS, Math.min(PHASE_LOCK_MAX_STEP_MS, this.pending));
    // Rounding leftovers would keep a move going for nothing.
    this.pending = Math.abs(this.pending - step) < 1e-9 ? 0 : this.pending - step;
    this.movedMs += step;
    return step;
  }
}
