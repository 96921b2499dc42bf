/** Rolling statistics: a bounded window of samples, rates and named counters. */

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
  min: number;
}

/** Percentile (0..100) of an ascending-sorted array, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, mean: 0, p50: 0, p99: 0, max: 0, min: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  return {
    n: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    min: sorted[0]!,
  };
}

/** The last `capacity` samples, kept in a ring. */
export class RollingWindow {
  private readonly buf: Float64Array;
  private count = 0;
  private head = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  push(x: number): void {
    this.buf[this.head] = x;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  values(): number[] {
    const out: number[] = [];
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) out.push(this.buf[(start + i) % this.capacity]!);
    return out;
  }

  /** The i-th sample kept, oldest first (0 <= i < size), without copying the window. */
  at(i: number): number {
    return this.buf[(this.head - this.count + i + this.capacity) % this.capacity]!;
  }

  summary(): Summary {
    return summarize(this.values());
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
    this.head = 0;
  }
}

/** Event rate over a sliding time window. */
export class RateMeter {
  private readonly times: RollingWindow;

  constructor(
    private readonly windowMs = 2000,
    capacity = 4096,
  ) {
    this.times = new RollingWindow(capacity);
  }

  mark(t: number): void {
    this.times.push(t);
  }

  /** Events per second over the window ending at `at`. */
  hz(at: number): number {
    const ts = this.times.values().filter((x) => x > at - this.windowMs && x <= at);
    if (ts.length < 2) return 0;
    const span = ts[ts.length - 1]! - ts[0]!;
    return span > 0 ? ((ts.length - 1) * 1000) / span : 0;
  }
}

/** Named monotonically increasing counters, reported in health. */
export class Counters {
  private readonly map = new Map<string, number>();

  inc(name: string, by = 1): void {
    this.map.set(name, (this.map.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.map.get(name) ?? 0;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.map);
  }
}
