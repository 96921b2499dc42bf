/**
 * LeRobot's statistics (REFERENCE section 10): per feature min, max, mean,
 * std (population), count and the quantiles q01 q10 q50 q90 q99, one value
 * per dimension. Quantiles interpolate linearly between order statistics
 * (numpy's default). Images give one value per RGB channel in [0, 1] from
 * 8-bit histograms of sampled frames; count is the number of frames sampled.
 * Dataset stats aggregate episode stats: count-weighted mean, the parallel
 * variance formula, quantiles count-weighted as LeRobot does.
 */

export const QUANTILES = { q01: 0.01, q10: 0.1, q50: 0.5, q90: 0.9, q99: 0.99 } as const;
export type QuantileKey = keyof typeof QUANTILES;
export const STAT_KEYS = [
  "min",
  "max",
  "mean",
  "std",
  "count",
  ...(Object.keys(QUANTILES) as QuantileKey[]),
] as const;
export type StatKey = (typeof STAT_KEYS)[number];

/** Every stat as one number per dimension (count: one number). */
export type FeatureStats = Record<StatKey, number[]>;

/** Linear-interpolation quantile of an ascending array (numpy's default method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error("quantile of no values");
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Stats of `rows` values of `dim` numbers each, stored row after row in `data`. */
export function vectorStats(data: ArrayLike<number>, dim: number): FeatureStats {
  const n = data.length / dim;
  if (!Number.isInteger(n) || n < 1) throw new Error(`need whole rows of ${dim} values`);
  const out = emptyStats(n);
  const column = new Float64Array(n);
  for (let d = 0; d < dim; d++) {
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const v = data[r * dim + d]!;
      column[r] = v;
      sum += v;
    }
    const mean = sum / n;
    let sq = 0;
    for (let r = 0; r < n; r++) sq += (column[r]! - mean) ** 2;
    column.sort();
    out.min.push(column[0]!);
    out.max.push(column[n - 1]!);
    out.mean.push(mean);
    out.std.push(Math.sqrt(sq / n));
    for (const [k, q] of Object.entries(QUANTILES)) {
      out[k as QuantileKey].push(quantileSorted(column, q));
    }
  }
  return out;
}

/** Per-channel counts of each 8-bit value over the sampled frames. */
export interface ChannelHistograms {
  /** channels x 256 counts. */
  counts: Float64Array[];
  frames: number;
}

export function emptyHistograms(channels = 3): ChannelHistograms {
  return { counts: Array.from({ length: channels }, () => new Float64Array(256)), frames: 0 };
}

/** Adds one interleaved 8-bit frame (RGBRGB...). */
export function addFrame(h: ChannelHistograms, pixels: Uint8Array): void {
  const c = h.counts.length;
  for (let ch = 0; ch < c; ch++) {
    const counts = h.counts[ch]!;
    for (let i = ch; i < pixels.length; i += c) counts[pixels[i]!]!++;
  }
  h.frames++;
}

/** The value at position `pos` of the ascending sequence a histogram describes. */
function orderStatistic(counts: Float64Array, pos: number): number {
  let seen = 0;
  for (let v = 0; v < counts.length; v++) {
    seen += counts[v]!;
    if (seen > pos) return v;
  }
  return counts.length - 1;
}

/** Image stats from histograms: values scaled to [0, 1]; count = frames sampled. */
export function imageStats(h: ChannelHistograms): FeatureStats {
  if (h.frames === 0) throw new Error("image stats need at least one frame");
  const out = emptyStats(h.frames);
  for (const counts of h.counts) {
    let n = 0;
    let sum = 0;
    for (let v = 0; v < 256; v++) {
      n += counts[v]!;
      sum += v * counts[v]!;
    }
    const mean = sum / n;
    let sq = 0;
    for (let v = 0; v < 256; v++) sq += counts[v]! * (v - mean) ** 2;
    out.min.push(orderStatistic(counts, 0) / 255);
    out.max.push(orderStatistic(counts, n - 1) / 255);
    out.mean.push(mean / 255);
    out.std.push(Math.sqrt(sq / n) / 255);
    for (const [k, q] of Object.entries(QUANTILES)) {
      const pos = (n - 1) * q;
      const lo = Math.floor(pos);
      const a = orderStatistic(counts, lo);
      const b = orderStatistic(counts, Math.min(n - 1, lo + 1));
      out[k as QuantileKey].push((a + (pos - lo) * (b - a)) / 255);
    }
  }
  return out;
}

function emptyStats(count: number): FeatureStats {
  const out = Object.fromEntries(STAT_KEYS.map((k) => [k, [] as number[]])) as FeatureStats;
  out.count = [count];
  return out;
}

/** Dataset stats of one feature from its episodes' stats. */
export function aggregateStats(parts: readonly FeatureStats[]): FeatureStats {
  if (parts.length === 0) throw new Error("nothing to aggregate");
  const dim = parts[0]!.mean.length;
  const total = parts.reduce((s, p) => s + p.count[0]!, 0);
  const out = emptyStats(total);
  for (let d = 0; d < dim; d++) {
    const mean = parts.reduce((s, p) => s + p.mean[d]! * p.count[0]!, 0) / total;
    const variance =
      parts.reduce((s, p) => s + (p.std[d]! ** 2 + (p.mean[d]! - mean) ** 2) * p.count[0]!, 0) /
      total;
    out.min.push(Math.min(...parts.map((p) => p.min[d]!)));
    out.max.push(Math.max(...parts.map((p) => p.max[d]!)));
    out.mean.push(mean);
    out.std.push(Math.sqrt(variance));
    for (const k of Object.keys(QUANTILES) as QuantileKey[]) {
      out[k].push(parts.reduce((s, p) => s + p[k][d]! * p.count[0]!, 0) / total);
    }
  }
  return out;
}

/** LeRobot's sample count for image stats: all frames up to 100, then n^0.75, at most 10000. */
export function imageSampleCount(frames: number): number {
  const least = Math.min(100, frames);
  return Math.max(least, Math.min(Math.floor(frames ** 0.75), 10_000));
}

/** numpy's np.round for x >= 0: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return x - Math.floor(x) === 0.5 && r % 2 === 1 ? r - 1 : r;
}

/** Frame indices sampled for image stats: evenly spread from the first to the last. */
export function imageSampleIndices(frames: number): number[] {
  const n = imageSampleCount(frames);
  if (n <= 1) return frames > 0 ? [0] : [];
  const out = new Set<number>();
  for (let i = 0; i < n; i++) out.add(roundHalfEven((i * (frames - 1)) / (n - 1)));
  return [...out];
}

/** Stride LeRobot downsamples frames by for stats: about 150 px on the long side, none under 300. */
export function statsDownsample(width: number, height: number): number {
  const long = Math.max(width, height);
  return long < 300 ? 1 : Math.floor(long / 150);
}

/** JSON form: image stats as (3, 1, 1) nested lists, vectors as plain lists. */
export function statsJson(stats: FeatureStats, image: boolean): Record<StatKey, unknown> {
  const out = {} as Record<StatKey, unknown>;
  for (const k of STAT_KEYS) {
    out[k] = image && k !== "count" ? stats[k].map((v) => [[v]]) : [...stats[k]];
  }
  return out;
}

/** Reads back statsJson output (flattening image (3, 1, 1) lists). */
export function statsFromJson(json: Record<string, unknown>): FeatureStats {
  const out = {} as FeatureStats;
  for (const k of STAT_KEYS) {
    const v = json[k];
    if (!Array.isArray(v)) throw new Error(`stats: missing ${k}`);
    out[k] = (v.flat(3) as unknown[]).map(Number);
  }
  return out;
}
