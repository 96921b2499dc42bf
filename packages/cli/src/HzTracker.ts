/**
 * Per-subject message rate and period statistics over a sliding time window,
 * like `ros2 topic hz`: rate = 1 / mean period, plus min, max and standard
 * deviation of the period and the age of the newest message.
 */
export interface HzStats {
  subject: string;
  /** Messages inside the window. */
  count: number;
  hz: number;
  minMs: number | null;
  maxMs: number | null;
  meanMs: number | null;
  stdMs: number | null;
  /** Now minus the newest message's own `t` when it carries one, else since it arrived. */
  ageMs: number;
}

interface Track {
  times: number[];
  lastAt: number;
  lastSourceT: number | undefined;
}

/** Epoch ms after 2001-09-09; a smaller `t` is not a wall-clock stamp. */
const MIN_EPOCH_MS = 1e12;

/** The message's own time stamp when it has a plausible epoch-ms `t`. */
export function sourceTime(value: unknown): number | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const t = (value as { t?: unknown }).t;
  return typeof t === "number" && Number.isFinite(t) && t > MIN_EPOCH_MS ? t : undefined;
}

export class HzTracker {
  private readonly tracks = new Map<string, Track>();

  constructor(
    readonly windowMs = 5000,
    readonly maxSamples = 10_000,
  ) {}

  record(subject: string, at: number, sourceT?: number): void {
    let tr = this.tracks.get(subject);
    if (!tr) {
      tr = { times: [], lastAt: at, lastSourceT: undefined };
      this.tracks.set(subject, tr);
    }
    tr.times.push(at);
    if (tr.times.length > this.maxSamples) tr.times.shift();
    tr.lastAt = at;
    tr.lastSourceT = sourceT;
  }

  stats(at: number): HzStats[] {
    const out: HzStats[] = [];
    for (const [subject, tr] of this.tracks) {
      while (tr.times.length > 0 && tr.times[0]! <= at - this.windowMs) tr.times.shift();
      out.push(periodStats(subject, tr.times, at - (tr.lastSourceT ?? tr.lastAt)));
    }
    return out.sort((a, b) => a.subject.localeCompare(b.subject));
  }
}

/** Statistics of the intervals between consecutive arrival times. */
export function periodStats(subject: string, times: readonly number[], ageMs: number): HzStats {
  const periods: number[] = [];
  for (let i = 1; i < times.length; i++) periods.push(times[i]! - times[i - 1]!);
  if (periods.length === 0) {
    return {
      subject,
      count: times.length,
      hz: 0,
      minMs: null,
      maxMs: null,
      meanMs: null,
      stdMs: null,
      ageMs,
    };
  }
  const mean = periods.reduce((s, p) => s + p, 0) / periods.length;
  const variance = periods.reduce((s, p) => s + (p - mean) ** 2, 0) / periods.length;
  return {
    subject,
    count: times.length,
    hz: mean > 0 ? 1000 / mean : 0,
    minMs: Math.min(...periods),
    maxMs: Math.max(...periods),
    meanMs: mean,
    stdMs: Math.sqrt(variance),
    ageMs,
  };
}
