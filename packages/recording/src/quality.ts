/**
 * Quality figures of an episode and the flags that mark one worth
 * re-collecting (ALOHA re-collects any episode whose loop rate fell under its
 * bound). The recorder writes them into final_metadata; verify recomputes
 * them from the file; `teleop episodes` shows the flags. Pure functions.
 */

/** An episode recorded under this share of its target rate is flagged. */
export const MIN_RATE_FRACTION = 0.95;
/** A stream stale on more than this share of the ticks is flagged. */
export const MAX_STALE_FRACTION = 0.05;
/** A camera under this share of its configured fps is flagged. */
export const MIN_FPS_FRACTION = 0.95;

export interface TickFigures {
  ticks: number;
  /** Ticks per second over the span of the tick times (Hz); 0 with fewer than two ticks. */
  rateHz: number;
  /** Tick slots missed: a gap of k periods between two ticks drops k - 1 ticks. */
  droppedTicks: number;
  longestGapMs: number;
}

/** Rate, missed slots and longest gap of tick times (epoch ms, ascending). */
export function tickFigures(timesMs: readonly number[], targetHz: number): TickFigures {
  const periodMs = 1000 / targetHz;
  let dropped = 0;
  let longest = 0;
  for (let i = 1; i < timesMs.length; i++) {
    const gap = timesMs[i]! - timesMs[i - 1]!;
    longest = Math.max(longest, gap);
    dropped += Math.max(0, Math.round(gap / periodMs) - 1);
  }
  const span = timesMs.length > 1 ? timesMs[timesMs.length - 1]! - timesMs[0]! : 0;
  return {
    ticks: timesMs.length,
    rateHz: span > 0 ? ((timesMs.length - 1) * 1000) / span : 0,
    droppedTicks: dropped,
    longestGapMs: longest,
  };
}

/** Measured frame rate of capture times (epoch ms, ascending); 0 with fewer than two frames. */
export function measuredFps(timesMs: readonly number[]): number {
  if (timesMs.length < 2) return 0;
  const span = timesMs[timesMs.length - 1]! - timesMs[0]!;
  return span > 0 ? ((timesMs.length - 1) * 1000) / span : 0;
}

/** Frames missing from a run of sequence numbers in arrival order; a restart (seq not increasing) loses none. */
export function seqGaps(seqs: readonly number[]): number {
  let lost = 0;
  for (let i = 1; i < seqs.length; i++) {
    const d = seqs[i]! - seqs[i - 1]!;
    if (d > 1) lost += d - 1;
  }
  return lost;
}

export interface CameraQuality {
  camera: string;
  fps: number;
  /** The camera's configured rate; undefined when its info never arrived. */
  targetFps?: number;
  framesLost: number;
}

export interface QualityInput {
  targetHz: number;
  ticks: TickFigures;
  /** Ticks at which each stream was stale or missing. */
  stale: Record<string, number>;
  cameras: CameraQuality[];
}

/**
 * Flags of an episode: `low_rate` (under 95 % of the target), `stale_<stream>`
 * (stale on more than 5 % of ticks), `camera_<id>_low_fps`, `camera_<id>_lost_frames`,
 * `no_ticks`. Empty: the episode meets every bound.
 */
export function qualityFlags(q: QualityInput): string[] {
  const flags: string[] = [];
  if (q.ticks.ticks === 0) return ["no_ticks"];
  if (q.ticks.rateHz < MIN_RATE_FRACTION * q.targetHz) flags.push("low_rate");
  for (const [stream, n] of Object.entries(q.stale)) {
    if (n > MAX_STALE_FRACTION * q.ticks.ticks) flags.push(`stale_${stream}`);
  }
  for (const c of q.cameras) {
    if (c.targetFps !== undefined && c.fps < MIN_FPS_FRACTION * c.targetFps) {
      flags.push(`camera_${c.camera}_low_fps`);
    }
    if (c.framesLost > 0) flags.push(`camera_${c.camera}_lost_frames`);
  }
  return flags;
}

/** Signed offset of each capture time to its nearest tick time (both ascending, epoch ms). */
export function offsetsToTicks(framesMs: readonly number[], ticksMs: readonly number[]): number[] {
  if (ticksMs.length === 0) return [];
  const out: number[] = [];
  let j = 0;
  for (const t of framesMs) {
    while (j + 1 < ticksMs.length && Math.abs(ticksMs[j + 1]! - t) <= Math.abs(ticksMs[j]! - t)) {
      j++;
    }
    out.push(t - ticksMs[j]!);
  }
  return out;
}
