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
  const expected = n > 0 ? slotsSpanned(times, periodMs) : 0;
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

/**
 * Slots of the nominal schedule from the first event's to the last's, ends
 * included. The grid's phase is the one most events keep (the circular mean of
 * their offsets, refined by the median); an event counts for the slot it is at
 * most a quarter period early for or three quarters late for, since ticks run
 * late far more than early. So a window that opens on a tick 14 ms late counts
 * that tick for its own slot, where the span alone (round(span / period) + 1)
 * would count one slot fewer than the events it holds.
 */
function slotsSpanned(times: readonly number[], periodMs: number): number {
  const t0 = times[0]!;
  const offsets = times.map((t) => (((t - t0) % periodMs) + periodMs) % periodMs);
  const angle = (o: number) => (2 * Math.PI * o) / periodMs;
  const mean =
    ((Math.atan2(
      offsets.reduce((a, o) => a + Math.sin(angle(o)), 0),
      offsets.reduce((a, o) => a + Math.cos(angle(o)), 0),
    ) *
      periodMs) /
      (2 * Math.PI) +
      periodMs) %
    periodMs;
  const around = offsets
    .map((o) => ((o - mean + 1.5 * periodMs) % periodMs) - 0.5 * periodMs)
    .sort((a, b) => a - b);
  const phase = mean + around[Math.floor(around.length / 2)]!;
  const slot = (t: number) => Math.floor((t - t0 - phase + periodMs / 4) / periodMs);
  return slot(times[times.length - 1]!) - slot(t0) + 1;
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
