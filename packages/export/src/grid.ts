/**
 * The export grid: rows at t0 + k / fps, and for each stream the newest
 * sample at or before each grid time (never one from the future), with how
 * far it lagged behind the grid time.
 */
import { percentile } from "@teleop/shared/stats";

/** Grid times (epoch ms) from `startMs` through `endMs` inclusive, `fps` per second. */
export function gridTimes(startMs: number, endMs: number, fps: number): number[] {
  if (!(fps > 0)) throw new Error(`fps must be > 0, got ${fps}`);
  if (endMs < startMs) return [];
  // The epsilon keeps an end that sits exactly on a grid time from being lost to rounding.
  const n = Math.floor(((endMs - startMs) * fps) / 1000 + 1e-6) + 1;
  return Array.from({ length: n }, (_, k) => startMs + (k * 1000) / fps);
}

export interface Resampled {
  /** Index into the stream's samples for each grid time. */
  index: number[];
  /** Grid time minus the chosen sample's time, ms (>= 0). */
  lagMs: number[];
}

/**
 * For each grid time the index of the newest sample whose time is at or
 * before it. `times` must be ascending; the first grid time must not precede
 * the first sample.
 */
export function newestAtOrBefore(times: readonly number[], grid: readonly number[]): Resampled {
  const index: number[] = [];
  const lagMs: number[] = [];
  let i = -1;
  for (const g of grid) {
    while (i + 1 < times.length && times[i + 1]! <= g) i++;
    if (i < 0) throw new Error(`grid time ${g} precedes the first sample (${times[0]})`);
    index.push(i);
    lagMs.push(g - times[i]!);
  }
  return { index, lagMs };
}

export interface LagSummary {
  p50: number;
  max: number;
}

export function lagSummary(lagMs: readonly number[]): LagSummary {
  const sorted = [...lagMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), max: sorted.at(-1) ?? 0 };
}

/**
 * Samples in ascending time with repeats of one source message removed: the
 * recorder writes the latest message at every tick, so one message appears
 * on several ticks with the same source time.
 */
export function distinctByTime<T>(samples: readonly { t: number; value: T }[]): {
  t: number[];
  values: T[];
} {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const t: number[] = [];
  const values: T[] = [];
  for (const s of sorted) {
    if (t.length > 0 && t[t.length - 1] === s.t) continue;
    t.push(s.t);
    values.push(s.value);
  }
  return { t, values };
}
