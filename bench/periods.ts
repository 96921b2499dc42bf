/**
 * Rate and timing figures from a series of event times (epoch ms): achieved
 * rate, period error against the nominal period, ticks missing from gaps.
 */
import { type Summary, summarize } from "@teleop/shared/stats";

export interface PeriodStats {
  /** Events in the series. */
  n: number;
  spanMs: number;
  /** (n - 1) events per span. */
  hz: number;
  /**
   * Events per slot of the nominal schedule, as a rate: nominal Hz x n / expected.
   * Exactly nominal when no slot was missed, whatever the jitter of the first
   * and last event (which moves `hz` on a short window).
   */
  gridHz: number;
  /** Events a perfect clock would give over the span, first and last included. */
  expected: number;
  /**
   * Slots of the nominal schedule without an event: expected - n. A tick that
   * is merely late (38 ms, then 12 ms) fills its slot and is not missed.
   */
  missed: number;
  /** |interval - period| over consecutive events, ms. */
  periodErrorMs: Summary;
  maxGapMs: number;
}

export function periodStats(times: readonly number[], periodMs: number): PeriodStats {
  const errors: number[] = [];
  let maxGap = 0;
  for (let i = 1; i < times.length; i++) {
    const dt = times[i]! - times[i - 1]!;
    errors.push(Math.abs(dt - periodMs));
    maxGap = Math.max(maxGap, dt);
  }
  const n = times.length;
  const spanMs = n > 1 ? times[n - 1]! - times[0]! : 0;
  const expected = n > 0 ? Math.round(spanMs / periodMs) + 1 : 0;
  return {
    n,
    spanMs,
    hz: spanMs > 0 ? ((n - 1) * 1000) / spanMs : 0,
    gridHz: n > 1 ? ((1000 / periodMs) * n) / expected : 0,
    expected,
    missed: Math.max(0, expected - n),
    periodErrorMs: summarize(errors),
    maxGapMs: maxGap,
  };
}

/** The times within [from, to], sorted ascending. */
export function within(times: readonly number[], from: number, to: number): number[] {
  return times.filter((t) => t >= from && t <= to).sort((a, b) => a - b);
}

/** Fraction (0..1) of items for which `pred` holds; 0 for none. */
export function share<T>(items: readonly T[], pred: (x: T) => boolean): number {
  if (items.length === 0) return 0;
  let k = 0;
  for (const x of items) if (pred(x)) k++;
  return k / items.length;
}

/** Summary that keeps only finite values (a series may hold nulls mapped to NaN). */
export function summarizeFinite(values: readonly number[]): Summary {
  return summarize(values.filter((x) => Number.isFinite(x)));
}
