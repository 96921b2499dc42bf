/**
 * `teleop export lerobot`: recordings -> one LeRobot v3.0 dataset. Each file
 * is verified first (a bad or unfinished one is reported and skipped); each
 * accepted episode is resampled onto the grid and its camera frames encoded
 * into a staging folder; the data, video and meta files are written there and
 * moved into `out` at the end, so a failure never leaves half a dataset.
 * Appending to an existing dataset adds new data, video and episode files
 * (a parquet file or an MP4 cannot be extended without rewriting it) and
 * rewrites only info.json, stats.json, tasks.parquet and the export log.
 */
import { existsSync, statSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { epochMsToNs } from "@teleop/recording/time";
import {
  DATA_FILES_SIZE_IN_MB,
  DATA_PATH,
  EPISODES_PATH,
  type FilePos,
  formatPath,
  planFiles,
  VIDEO_FILES_SIZE_IN_MB,
  VIDEO_PATH,
} from "./chunking";
import {
  commit,
  EXPORT_LOG,
  type ExistingDataset,
  type ExportLog,
  listFiles,
  loadExisting,
} from "./dataset";
import {
  type CameraVideo,
  type Feature,
  featureTable,
  INDEX_FEATURES,
  VECTOR_FEATURES,
  videoKey,
} from "./features";
import { type LagSummary, lagSummary } from "./grid";
import {
  datasetStats,
  type EpisodeRecord,
  episodesColumns,
  infoJson,
  taskIndex,
  tasksTable,
} from "./meta";
import { type Column, parquetBytes } from "./parquet";
import {
  type CameraFrame,
  cameraFrames,
  probeRecording,
  type RecordingProbe,
  readEpisodeStreams,
} from "./recording";
import { type EpisodeRows, episodeRows, gridStart } from "./rows";
import { type FeatureStats, imageStats, statsDownsample } from "./stats";
import { concatVideos, EpisodeEncoder, probeVideo, type VideoCodec } from "./video";

export const DEFAULT_TASK = "teleoperated demonstration";

export interface ExportOptions {
  inputs: string[];
  out: string;
  fps?: number;
  task?: string;
  repoId?: string;
  includeFailures?: boolean;
  vcodec?: VideoCodec;
  /** One line per step (episode done, file skipped, files written). */
  onLine?: (line: string) => void;
  /** Frames encoded so far in the current episode (for a live progress line). */
  onFrames?: (episode: number, episodes: number, frames: number, total: number) => void;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ExportedEpisode {
  episodeIndex: number;
  source: string;
  task: string;
  frames: number;
  lags: Record<string, LagSummary>;
}

export interface ExportResult {
  out: string;
  appended: boolean;
  fps: number;
  episodes: ExportedEpisode[];
  skipped: SkippedFile[];
  totalEpisodes: number;
  totalFrames: number;
  sizeBytes: number;
  /** Wall time of the export, s. */
  seconds: number;
}

/** Every .mcap file named or found under a named folder, in name order per folder. */
export async function collectRecordings(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new Error(`no such file or folder: ${input}`);
    if (statSync(input).isDirectory()) {
      const found = (await readdir(input, { recursive: true }))
        .filter((f) => f.endsWith(".mcap"))
        .sort()
        .map((f) => join(input, f));
      out.push(...found);
    } else out.push(input);
  }
  return [...new Set(out.map((p) => resolve(p)))];
}

interface Layout {
  fps: number;
  cameras: { camera: string; width: number; height: number }[];
}

/** fps: --fps, else the dataset's, else the cameras' rate, else the recording rate. */
function chooseLayout(
  first: RecordingProbe,
  existing: ExistingDataset | undefined,
  fps?: number,
): Layout {
  if (existing) {
    if (fps !== undefined && fps !== existing.info.fps) {
      throw new Error(`--fps ${fps} differs from the dataset's fps ${existing.info.fps}`);
    }
    const cameras = Object.entries(existing.info.features)
      .filter(([, f]) => f.dtype === "video")
      .map(([k, f]) => ({
        camera: k.replace(/^observation\.images\./, ""),
        width: f.shape[1]!,
        height: f.shape[0]!,
      }));
    return { fps: existing.info.fps, cameras };
  }
  const cameraHz = Math.max(0, ...first.cameras.map((c) => c.rateHz));
  const chosen = fps ?? (Math.round(cameraHz) || Math.round(first.recordHz ?? 0) || 40);
  return {
    fps: chosen,
    cameras: first.cameras.map((c) => ({
      camera: c.camera,
      width: c.size.width,
      height: c.size.height,
    })),
  };
}

function layoutProblem(p: RecordingProbe, layout: Layout): string | undefined {
  const have =
    p.cameras.map((c) => `${c.camera} ${c.size.width}x${c.size.height}`).join(", ") || "none";
  const want = layout.cameras.map((c) => `${c.camera} ${c.width}x${c.height}`).join(", ") || "none";
  return have === want ? undefined : `cameras ${have} differ from the dataset's (${want})`;
}

interface StagedEpisode {
  record: EpisodeRecord;
  rows: EpisodeRows;
  videos: Record<string, { path: string; bytes: number }>;
  log: ExportLog["episodes"][number];
}

const fmtLag = (lags: Record<string, LagSummary>) =>
  Object.entries(lags)
    .map(([s, l]) => `${s} ${l.p50.toFixed(0)}/${l.max.toFixed(0)}`)
    .join(", ");

export async function exportLerobot(o: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const say = o.onLine ?? (() => {});
  const codec = o.vcodec ?? "av1";
  const out = resolve(o.out);
  const existing = await loadExisting(out);
  const files = await collectRecordings(o.inputs);
  if (files.length === 0) throw new Error("no .mcap recordings found in the inputs");

  const skipped: SkippedFile[] = [];
  const skip = (path: string, reason: string) => {
    skipped.push({ path, reason });
    say(`skipped ${path}: ${reason}`);
  };
  const accepted: RecordingProbe[] = [];
  for (const path of files) {
    const p = await probeRecording(path);
    if (p.problem) skip(path, p.problem);
    else if (p.success !== true && !o.includeFailures)
      skip(path, "not a success (add --include-failures)");
    else accepted.push(p);
  }
  accepted.sort((a, b) =>
    a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : a.path.localeCompare(b.path),
  );
  if (accepted.length === 0)
    throw new Error("no recording could be exported (see the skipped files above)");
  const layout = chooseLayout(accepted[0]!, existing, o.fps);

  await mkdirp(dirname(out));
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`));
  // mkdtemp makes it 0700; the dataset it becomes gets a folder's usual mode.
  await chmod(staging, 0o777 & ~process.umask());
  try {
    const tasks = [...(existing?.tasks ?? [])];
    const staged: StagedEpisode[] = [];
    let episodeIndex = existing?.info.total_episodes ?? 0;
    let indexBase = existing?.info.total_frames ?? 0;
    for (const [n, p] of accepted.entries()) {
      const problem = layoutProblem(p, layout);
      if (problem) {
        skip(p.path, problem);
        continue;
      }
      const task = p.task ?? o.task ?? DEFAULT_TASK;
      const taskCount = tasks.length;
      try {
        const e = await stageEpisode({
          probe: p,
          layout,
          codec,
          staging,
          episodeIndex,
          indexBase,
          task,
          taskIndex: taskIndex(tasks, task),
          onFrames: (f, total) => o.onFrames?.(n + 1, accepted.length, f, total),
        });
        staged.push(e);
        episodeIndex++;
        indexBase += e.rows.length;
        say(
          `episode ${e.record.episodeIndex} (${n + 1}/${accepted.length}) ${basename(p.path)}: ${e.rows.length} frames, ${indexBase} in the dataset; lag p50/max ms: ${fmtLag(e.log.lag_ms)}`,
        );
      } catch (err) {
        tasks.length = taskCount;
        skip(p.path, (err as Error).message);
      }
    }
    if (staged.length === 0)
      throw new Error("no episode could be exported (see the skipped files above)");

    const features = await writeFiles(staging, staged, layout, existing, codec);
    const log: ExportLog = {
      repo_id: o.repoId ?? existing?.log.repo_id ?? `local/${basename(out)}`,
      episodes: [...(existing?.log.episodes ?? []), ...staged.map((s) => s.log)],
    };
    const info = infoJson({
      fps: layout.fps,
      features,
      episodes: episodeIndex,
      frames: indexBase,
      tasks: tasks.length,
    });
    const stats = datasetStats(
      [...(existing ? [existing.stats] : []), ...staged.map((s) => s.record.stats)],
      features,
    );
    const tt = tasksTable(tasks);
    await writeAt(staging, "meta/tasks.parquet", parquetBytes(tt.columns, tt.kvMetadata));
    await writeAt(staging, "meta/stats.json", `${JSON.stringify(stats, null, 2)}\n`);
    await writeAt(staging, EXPORT_LOG, `${JSON.stringify(log, null, 2)}\n`);
    await writeAt(staging, "meta/info.json", `${JSON.stringify(info, null, 2)}\n`);
    await commit(staging, out, existing !== undefined);
    say(`wrote ${out}: ${episodeIndex} episodes, ${indexBase} frames`);
    return {
      out,
      appended: existing !== undefined,
      fps: layout.fps,
      episodes: staged.map((s) => ({
        episodeIndex: s.record.episodeIndex,
        source: s.log.source,
        task: s.log.task,
        frames: s.rows.length,
        lags: s.log.lag_ms,
      })),
      skipped,
      totalEpisodes: episodeIndex,
      totalFrames: indexBase,
      sizeBytes: await folderBytes(out),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function mkdirp(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

async function writeAt(root: string, rel: string, data: Uint8Array | string): Promise<void> {
  await mkdirp(dirname(join(root, rel)));
  await writeFile(join(root, rel), data);
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const f of listFiles(dir)) total += (await stat(join(dir, f))).size;
  return total;
}

async function stageEpisode(a: {
  probe: RecordingProbe;
  layout: Layout;
  codec: VideoCodec;
  staging: string;
  episodeIndex: number;
  indexBase: number;
  task: string;
  taskIndex: number;
  onFrames: (frames: number, total: number) => void;
}): Promise<StagedEpisode> {
  const { probe, layout } = a;
  const s = await readEpisodeStreams(probe.path);
  const streams = {
    "observation.state": s.state,
    "observation.state.cartesian_position": s.cartesian,
    action: s.action,
    "action.cartesian_position": s.target,
  };
  for (const [k, v] of Object.entries(streams)) {
    if (v.t.length === 0) throw new Error(`no usable samples for ${k}`);
  }
  const cams = layout.cameras.map((c) => probe.cameras.find((p) => p.camera === c.camera)!);
  const startMs = gridStart([
    ...Object.values(streams).map((v) => v.t[0]!),
    ...cams.map((c) => c.firstMs),
  ]);
  const rows = episodeRows({
    streams,
    startMs,
    endMs: s.endMs,
    fps: layout.fps,
    episodeIndex: a.episodeIndex,
    indexBase: a.indexBase,
    taskIndex: a.taskIndex,
  });
  if (rows.length < 2) throw new Error(`only ${rows.length} frame(s) on the grid`);

  const videos: StagedEpisode["videos"] = {};
  const lags = { ...rows.lags };
  const stats: Record<string, FeatureStats> = { ...rows.stats };
  const threads = Math.max(1, Math.floor(availableParallelism() / cams.length));
  const feeders = new Map(
    cams.map((c) => {
      const out = join(a.staging, `episode-${a.episodeIndex}-${c.camera}.mp4`);
      const encoder = new EpisodeEncoder({
        out,
        fps: layout.fps,
        codec: a.codec,
        threads,
        stats: {
          frames: rows.length,
          ...c.size,
          stride: statsDownsample(c.size.width, c.size.height),
        },
      });
      return [
        c.topic,
        { camera: c.camera, out, encoder, grid: new GridFeeder(c.topic, rows.grid, encoder) },
      ];
    }),
  );
  const total = rows.length * cams.length;
  const written = () => [...feeders.values()].reduce((n, f) => n + f.encoder.frames, 0);
  try {
    let seen = 0;
    for await (const f of cameraFrames(probe.path, [...feeders.keys()])) {
      await feeders.get(f.topic)!.grid.feed(f);
      if (++seen % 30 === 0) a.onFrames(written(), total);
    }
    for (const f of feeders.values()) await f.grid.end();
    const histograms = await Promise.all([...feeders.values()].map((f) => f.encoder.finish()));
    a.onFrames(total, total);
    for (const [i, f] of [...feeders.values()].entries()) {
      videos[videoKey(f.camera)] = { path: f.out, bytes: (await stat(f.out)).size };
      lags[`camera.${f.camera}`] = lagSummary(f.grid.lagMs);
      stats[videoKey(f.camera)] = imageStats(histograms[i]!);
    }
  } catch (err) {
    for (const f of feeders.values()) f.encoder.kill();
    throw err;
  }
  return {
    rows,
    videos,
    record: {
      episodeIndex: a.episodeIndex,
      task: a.task,
      length: rows.length,
      data: { chunk: 0, file: 0 },
      fromIndex: a.indexBase,
      videos: {},
      meta: { chunk: 0, file: 0 },
      stats,
    },
    log: {
      episode_index: a.episodeIndex,
      source: probe.path,
      task: a.task,
      length: rows.length,
      grid_start_ns: String(epochMsToNs(startMs)),
      lag_ms: lags,
    },
  };
}

/**
 * Feeds one camera's video as its frames arrive: grid frame k is the newest
 * frame captured at or before grid time k, written once a frame captured
 * after it shows up (or the recording ends).
 */
class GridFeeder {
  private k = 0;
  private current: CameraFrame | undefined;
  /** Grid time minus the chosen frame's capture time, per grid frame written. */
  readonly lagMs: number[] = [];

  constructor(
    private readonly topic: string,
    private readonly grid: readonly number[],
    private readonly encoder: EpisodeEncoder,
  ) {}

  async feed(frame: CameraFrame): Promise<void> {
    await this.writeBefore(frame.t);
    if (!this.current || frame.t >= this.current.t) this.current = frame;
  }

  /** The recording ended: the rest of the grid takes the newest frame. */
  end(): Promise<void> {
    return this.writeBefore(Number.POSITIVE_INFINITY);
  }

  private async writeBefore(t: number): Promise<void> {
    while (this.k < this.grid.length && this.grid[this.k]! < t) {
      if (!this.current) throw new Error(`${this.topic}: no frame at or before the grid start`);
      this.lagMs.push(this.grid[this.k]! - this.current.t);
      await this.encoder.write(this.current.jpeg);
      this.k++;
    }
  }
}

/** Writes data parquet and video files (planned against the caps) and the episodes parquet. */
async function writeFiles(
  staging: string,
  staged: StagedEpisode[],
  layout: Layout,
  existing: ExistingDataset | undefined,
  codec: VideoCodec,
): Promise<Record<string, Feature>> {
  const first = (k: "data" | "episodes") => existing?.next[k] ?? { chunk: 0, file: 0 };
  // Data: about the uncompressed size of each episode's rows (a safe upper bound for the cap).
  const bytesPerRow = VECTOR_FEATURES.reduce((n, f) => n + 4 * f.axes.length, 0) + 4 + 8 * 4;
  const dataPlan = planFiles(
    staged.map((s) => s.rows.length * bytesPerRow),
    DATA_FILES_SIZE_IN_MB,
    first("data"),
  );
  staged.forEach((s, i) => {
    s.record.data = dataPlan[i]!;
  });
  for (const pos of uniquePositions(dataPlan)) {
    const group = staged.filter((s) => samePos(s.record.data, pos));
    await writeAt(staging, formatPath(DATA_PATH, pos), parquetBytes(dataColumns(group)));
  }

  const cameraVideos: CameraVideo[] = [];
  for (const c of layout.cameras) {
    const key = videoKey(c.camera);
    const plan = planFiles(
      staged.map((s) => s.videos[key]!.bytes),
      VIDEO_FILES_SIZE_IN_MB,
      existing?.next.videos[key] ?? { chunk: 0, file: 0 },
    );
    let firstFile: string | undefined;
    for (const pos of uniquePositions(plan)) {
      const group = staged.filter((_, i) => samePos(plan[i]!, pos));
      const target = join(staging, formatPath(VIDEO_PATH, pos, key));
      await mkdirp(dirname(target));
      const parts = group.map((s) => s.videos[key]!.path);
      if (parts.length === 1) await rename(parts[0]!, target);
      else await concatVideos(parts, target, layout.fps);
      for (const p of parts) await rm(p, { force: true });
      firstFile ??= target;
      let fromS = 0;
      for (const s of group) {
        const toS = fromS + s.rows.length / layout.fps;
        s.record.videos[key] = { pos, fromS, toS };
        fromS = toS;
      }
    }
    const info = existing?.info.features[key]?.info ?? (await probeVideo(firstFile!));
    cameraVideos.push({ camera: c.camera, info });
  }
  const features = existing?.info.features ?? featureTable(cameraVideos);
  if (!existing) {
    const expect = codec === "av1" ? "av1" : "h264";
    for (const v of cameraVideos) {
      if (v.info["video.codec"] !== expect)
        throw new Error(`video codec ${v.info["video.codec"]} != ${expect}`);
    }
  }
  const metaPos = first("episodes");
  for (const s of staged) s.record.meta = metaPos;
  await writeAt(
    staging,
    formatPath(EPISODES_PATH, metaPos),
    parquetBytes(
      episodesColumns(
        staged.map((s) => s.record),
        features,
      ),
    ),
  );
  return features;
}

const samePos = (a: FilePos, b: FilePos) => a.chunk === b.chunk && a.file === b.file;

function uniquePositions(plan: readonly FilePos[]): FilePos[] {
  const out: FilePos[] = [];
  for (const p of plan) if (!out.some((q) => samePos(p, q))) out.push(p);
  return out;
}

/** The data parquet columns of `episodes`, in the feature table's order. */
function dataColumns(episodes: readonly StagedEpisode[]): Column[] {
  const cols: Column[] = VECTOR_FEATURES.map((f) => ({
    name: f.key,
    type: { list: "float32" },
    values: episodes.flatMap((e) => e.rows.vectors[f.key]!),
  }));
  for (const [key, f] of Object.entries(INDEX_FEATURES)) {
    cols.push({
      name: key,
      type: f.dtype === "float32" ? "float32" : "int64",
      values: episodes.flatMap((e) => e.rows.scalars[key]!),
    });
  }
  return cols;
}
