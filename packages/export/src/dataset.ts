/**
 * An existing dataset on disk (I/O edge): what an append needs from it
 * (info, stats, tasks, the export log and the next free file of each kind),
 * and moving a finished staging folder into place.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterExisting, type FilePos } from "./chunking";
import { videoKeys } from "./features";
import { CODEBASE_VERSION, type Info } from "./meta";
import { type FeatureStats, statsFromJson } from "./stats";

export const EXPORT_LOG = "meta/teleop_export.json";

export interface ExportLogEpisode {
  episode_index: number;
  source: string;
  task: string;
  length: number;
  grid_start_ns: string;
  lag_ms: Record<string, { p50: number; max: number }>;
}

export interface ExportLog {
  repo_id: string;
  episodes: ExportLogEpisode[];
}

export interface ExistingDataset {
  info: Info;
  stats: Record<string, FeatureStats>;
  tasks: string[];
  log: ExportLog;
  next: { data: FilePos; episodes: FilePos; videos: Record<string, FilePos> };
}

/** Every file under `dir`, relative to it. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** undefined when `out` does not exist or is an empty folder; throws when it is something else. */
export async function loadExisting(out: string): Promise<ExistingDataset | undefined> {
  if (!existsSync(out)) return undefined;
  const infoPath = join(out, "meta/info.json");
  if (!existsSync(infoPath)) {
    if (listFiles(out).length === 0) return undefined;
    throw new Error(`${out} exists and is not a LeRobot dataset (no meta/info.json)`);
  }
  const info = JSON.parse(await readFile(infoPath, "utf8")) as Info;
  if (info.codebase_version !== CODEBASE_VERSION) {
    throw new Error(
      `${out} is a LeRobot ${info.codebase_version} dataset; only ${CODEBASE_VERSION} can be appended to`,
    );
  }
  const statsJson = JSON.parse(await readFile(join(out, "meta/stats.json"), "utf8"));
  const stats: Record<string, FeatureStats> = {};
  for (const [k, v] of Object.entries(statsJson))
    stats[k] = statsFromJson(v as Record<string, unknown>);
  const bytes = await readFile(join(out, "meta/tasks.parquet"));
  const rows = (await parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  })) as { task: string; task_index: number | bigint }[];
  const tasks: string[] = [];
  for (const r of rows) tasks[Number(r.task_index)] = r.task;
  const logPath = join(out, EXPORT_LOG);
  const log: ExportLog = existsSync(logPath)
    ? JSON.parse(await readFile(logPath, "utf8"))
    : { repo_id: "", episodes: [] };
  const videos: Record<string, FilePos> = {};
  for (const key of videoKeys(info.features)) {
    videos[key] = afterExisting(listFiles(join(out, "videos", key)));
  }
  return {
    info,
    stats,
    tasks,
    log,
    next: {
      data: afterExisting(listFiles(join(out, "data"))),
      episodes: afterExisting(listFiles(join(out, "meta/episodes"))),
      videos,
    },
  };
}

/**
 * Moves the staged dataset into place. A new dataset is one rename. An append
 * moves the new data, video and episode files first and the meta files last,
 * info.json at the very end: until then the old dataset reads as it was.
 */
export async function commit(staging: string, out: string, appending: boolean): Promise<void> {
  if (!appending) {
    if (existsSync(out)) await rm(out, { recursive: true });
    await mkdir(dirname(out), { recursive: true });
    await rename(staging, out);
    return;
  }
  const files = listFiles(staging);
  const last = ["meta/tasks.parquet", "meta/stats.json", EXPORT_LOG, "meta/info.json"];
  const order = [
    ...files.filter((f) => !last.includes(f)),
    ...last.filter((f) => files.includes(f)),
  ];
  for (const f of order) {
    if (existsSync(join(out, f)) && !last.includes(f)) {
      throw new Error(`refusing to overwrite ${join(out, f)}`);
    }
    await mkdir(dirname(join(out, f)), { recursive: true });
    await rename(join(staging, f), join(out, f));
  }
  await rm(staging, { recursive: true, force: true });
}
