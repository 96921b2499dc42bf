/**
 * One episode's rows on the export grid (pure): every vector feature takes
 * the newest sample at or before each grid time, values as float32; the
 * index columns follow LeRobot (timestamp = frame_index / fps). Also the
 * per-episode stats of every non-video feature and each stream's lag.
 */
import {
  ACTION,
  ACTION_CARTESIAN,
  INDEX_FEATURES,
  STATE,
  STATE_CARTESIAN,
  VECTOR_FEATURES,
} from "./features";
import { gridTimes, type LagSummary, lagSummary, newestAtOrBefore } from "./grid";
import { type FeatureStats, vectorStats } from "./stats";

export interface Series {
  /** Source times (epoch ms), ascending, one per distinct source message. */
  t: number[];
  values: number[][];
}

/** The streams a row is made of, keyed by feature. */
export type RowStreams = Record<
  typeof STATE | typeof STATE_CARTESIAN | typeof ACTION | typeof ACTION_CARTESIAN,
  Series
>;

/** Lag names in reports: which recorded stream each feature comes from. */
export const STREAM_OF_FEATURE: Record<keyof RowStreams, string> = {
  [STATE]: "robot_state",
  [STATE_CARTESIAN]: "robot_state.cartesian",
  [ACTION]: "action",
  [ACTION_CARTESIAN]: "command.target",
};

export interface EpisodeRows {
  /** Grid times, epoch ms. */
  grid: number[];
  length: number;
  /** Per feature: one array per row (vectors) or one number per row (index columns). */
  vectors: Record<string, number[][]>;
  scalars: Record<string, number[]>;
  stats: Record<string, FeatureStats>;
  lags: Record<string, LagSummary>;
}

/** The first grid time at which every stream (and camera) has a sample. */
export function gridStart(firstTimes: readonly number[]): number {
  return Math.max(...firstTimes);
}

export function episodeRows(o: {
  streams: RowStreams;
  startMs: number;
  endMs: number;
  fps: number;
  episodeIndex: number;
  /** Global index of the episode's first row. */
  indexBase: number;
  taskIndex: number;
}): EpisodeRows {
  const grid = gridTimes(o.startMs, o.endMs, o.fps);
  const n = grid.length;
  const vectors: Record<string, number[][]> = {};
  const lags: Record<string, LagSummary> = {};
  const stats: Record<string, FeatureStats> = {};
  for (const f of VECTOR_FEATURES) {
    const series = o.streams[f.key as keyof RowStreams];
    const r = newestAtOrBefore(series.t, grid);
    const rows = r.index.map((i) => series.values[i]!.map(Math.fround));
    vectors[f.key] = rows;
    lags[STREAM_OF_FEATURE[f.key as keyof RowStreams]] = lagSummary(r.lagMs);
    stats[f.key] = vectorStats(rows.flat(), f.axes.length);
  }
  const frameIndex = Array.from({ length: n }, (_, k) => k);
  const scalars: Record<string, number[]> = {
    timestamp: frameIndex.map((k) => Math.fround(k / o.fps)),
    frame_index: frameIndex,
    episode_index: frameIndex.map(() => o.episodeIndex),
    index: frameIndex.map((k) => o.indexBase + k),
    task_index: frameIndex.map(() => o.taskIndex),
  };
  for (const key of Object.keys(INDEX_FEATURES)) stats[key] = vectorStats(scalars[key]!, 1);
  return { grid, length: n, vectors, scalars, stats, lags };
}
