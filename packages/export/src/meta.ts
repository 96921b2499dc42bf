/**
 * The dataset's meta records as data: info.json, the tasks table (with the
 * pandas index metadata LeRobot's `pd.read_parquet` needs to index tasks by
 * their text), one meta/episodes row per episode and the dataset stats.
 */
import {
  CHUNKS_SIZE,
  DATA_FILES_SIZE_IN_MB,
  DATA_PATH,
  type FilePos,
  VIDEO_FILES_SIZE_IN_MB,
  VIDEO_PATH,
} from "./chunking";
import { type Feature, videoKeys } from "./features";
import type { Column } from "./parquet";
import { aggregateStats, type FeatureStats, STAT_KEYS, statsJson } from "./stats";

export const CODEBASE_VERSION = "v3.0";
/** DROID's port names the Franka this way (REFERENCE section 10). */
export const ROBOT_TYPE = "Franka";

export interface Info {
  codebase_version: string;
  robot_type: string;
  total_episodes: number;
  total_frames: number;
  total_tasks: number;
  chunks_size: number;
  data_files_size_in_mb: number;
  video_files_size_in_mb: number;
  fps: number;
  splits: Record<string, string>;
  data_path: string;
  video_path: string | null;
  features: Record<string, Feature>;
}

export function infoJson(o: {
  fps: number;
  features: Record<string, Feature>;
  episodes: number;
  frames: number;
  tasks: number;
}): Info {
  return {
    codebase_version: CODEBASE_VERSION,
    robot_type: ROBOT_TYPE,
    total_episodes: o.episodes,
    total_frames: o.frames,
    total_tasks: o.tasks,
    chunks_size: CHUNKS_SIZE,
    data_files_size_in_mb: DATA_FILES_SIZE_IN_MB,
    video_files_size_in_mb: VIDEO_FILES_SIZE_IN_MB,
    fps: o.fps,
    splits: { train: `0:${o.episodes}` },
    data_path: DATA_PATH,
    video_path: videoKeys(o.features).length > 0 ? VIDEO_PATH : null,
    features: o.features,
  };
}

/** The task's index, adding it after the known ones (indices in order of first appearance). */
export function taskIndex(tasks: string[], task: string): number {
  const i = tasks.indexOf(task);
  if (i >= 0) return i;
  tasks.push(task);
  return tasks.length - 1;
}

/** tasks.parquet as pandas writes a DataFrame indexed by `task`: a `task_index` column, then the index. */
export function tasksTable(tasks: readonly string[]): {
  columns: Column[];
  kvMetadata: { key: string; value: string }[];
} {
  const pandas = {
    index_columns: ["task"],
    column_indexes: [
      {
        name: null,
        field_name: null,
        pandas_type: "unicode",
        numpy_type: "object",
        metadata: { encoding: "UTF-8" },
      },
    ],
    columns: [
      {
        name: "task_index",
        field_name: "task_index",
        pandas_type: "int64",
        numpy_type: "int64",
        metadata: null,
      },
      {
        name: "task",
        field_name: "task",
        pandas_type: "unicode",
        numpy_type: "object",
        metadata: null,
      },
    ],
    creator: { library: "teleop export", version: "1" },
    pandas_version: "2.2.3",
  };
  return {
    columns: [
      { name: "task_index", type: "int64", values: tasks.map((_, i) => i) },
      { name: "task", type: "string", values: [...tasks] },
    ],
    kvMetadata: [{ key: "pandas", value: JSON.stringify(pandas) }],
  };
}

export interface EpisodeVideo {
  pos: FilePos;
  fromS: number;
  toS: number;
}

export interface EpisodeRecord {
  episodeIndex: number;
  task: string;
  length: number;
  data: FilePos;
  fromIndex: number;
  videos: Record<string, EpisodeVideo>;
  meta: FilePos;
  stats: Record<string, FeatureStats>;
}

/**
 * The meta/episodes columns for `episodes` (LeRobot's names, REFERENCE
 * section 10); every row has the same columns because every episode has the
 * same features.
 */
export function episodesColumns(
  episodes: readonly EpisodeRecord[],
  features: Record<string, Feature>,
): Column[] {
  const col = (
    name: string,
    type: Column["type"],
    value: (e: EpisodeRecord) => unknown,
  ): Column => ({
    name,
    type,
    values: episodes.map(value),
  });
  const columns: Column[] = [
    col("episode_index", "int64", (e) => e.episodeIndex),
    col("tasks", { list: "string" }, (e) => [e.task]),
    col("length", "int64", (e) => e.length),
    col("data/chunk_index", "int64", (e) => e.data.chunk),
    col("data/file_index", "int64", (e) => e.data.file),
    col("dataset_from_index", "int64", (e) => e.fromIndex),
    col("dataset_to_index", "int64", (e) => e.fromIndex + e.length),
  ];
  for (const key of videoKeys(features)) {
    const v = (e: EpisodeRecord) => {
      const video = e.videos[key];
      if (!video) throw new Error(`episode ${e.episodeIndex} has no ${key} video`);
      return video;
    };
    columns.push(
      col(`videos/${key}/chunk_index`, "int64", (e) => v(e).pos.chunk),
      col(`videos/${key}/file_index`, "int64", (e) => v(e).pos.file),
      col(`videos/${key}/from_timestamp`, "float64", (e) => v(e).fromS),
      col(`videos/${key}/to_timestamp`, "float64", (e) => v(e).toS),
    );
  }
  columns.push(
    col("meta/episodes/chunk_index", "int64", (e) => e.meta.chunk),
    col("meta/episodes/file_index", "int64", (e) => e.meta.file),
  );
  for (const [key, f] of Object.entries(features)) {
    const image = f.dtype === "video";
    for (const stat of STAT_KEYS) {
      const type: Column["type"] =
        stat === "count"
          ? { list: "int64" }
          : image
            ? { list: { list: { list: "float64" } } }
            : { list: "float64" };
      columns.push(
        col(`stats/${key}/${stat}`, type, (e) => {
          const s = e.stats[key];
          if (!s) throw new Error(`episode ${e.episodeIndex} has no stats for ${key}`);
          return statsJson(s, image)[stat];
        }),
      );
    }
  }
  return columns;
}

/** stats.json: every feature's stats over all episodes (the old dataset's stats count as one part). */
export function datasetStats(
  parts: readonly Record<string, FeatureStats>[],
  features: Record<string, Feature>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, f] of Object.entries(features)) {
    const list = parts.map((p) => p[key]).filter((s): s is FeatureStats => s !== undefined);
    if (list.length > 0) out[key] = statsJson(aggregateStats(list), f.dtype === "video");
  }
  return out;
}
