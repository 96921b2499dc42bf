/**
 * The episode state machine: idle -> recording -> saved (success/ or
 * failure/) or discarded (deleted). Buttons and requests drive the same
 * operations, which run one at a time. Every tick while recording goes to
 * the episode's writer; staleness is counted per stream. Camera frames and
 * scene states go in as they arrive. Each episode carries its labels (task,
 * operator, notes) and, when saved, its quality figures and flags.
 */
import { mkdir, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { qualityFlags, tickFigures } from "@teleop/recording/quality";
import { sceneUpdateRecord } from "@teleop/recording/records";
import { STREAMS, type StreamName } from "@teleop/recording/schemas";
import { ROBOT_NAME } from "@teleop/recording/urdf";
import type {
  CameraDepth,
  CameraFrame,
  CameraInfo,
  SceneState,
} from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Logger } from "@teleop/shared/log";
import type { RecorderReply, RecorderStartRequest, TeleopEvent } from "@teleop/shared/messages";
import { CameraEpisode } from "./CameraEpisode";
import { EpisodeWriter, URDF_ATTACHMENT } from "./EpisodeWriter";
import { failurePath, successPath } from "./episodeFiles";
import type { TickRecord, TickSample } from "./sample";

/** A camera whose last info is older than this at the start of an episode is not written into it. */
const CAMERA_INFO_FRESH_MS = 3000;

export interface EpisodeLabels {
  task: string;
  /** Where the task came from: request, source (the VR source's scenario), config, or none. */
  taskSource: "request" | "source" | "config" | "none";
  operator: string;
  notes: string;
}

export interface EpisodesOptions {
  dir: string;
  chunkSeconds: number;
  bufferSize: number;
  bufferBytes?: number;
  /** Extra `recording_metadata` entries (rate, prefix, instance, ...). */
  recordingMetadata: Record<string, string>;
  /** Rate of the recording loop, the target of the episode's rate figure. */
  targetHz: number;
  /** TASK and OPERATOR of the recorder's configuration: used when a start request names none. */
  defaults: { task: string; operator: string };
  /** The task the VR source announces (a sim scenario's), if any; beats the configured default. */
  sourceTask?: () => string | undefined;
  log: Logger;
  event(type: string, data: Record<string, unknown>): void;
  onWriteError(err: unknown): void;
  /** A record did not fit in the buffer and was dropped. */
  onDrop(): void;
  clock?: () => number;
}

interface Active {
  writer: EpisodeWriter;
  startMs: number;
  frames: number;
  stale: Record<StreamName, number>;
  tickTimes: number[];
  cameras: CameraEpisode;
  labels: EpisodeLabels;
}

export interface EpisodeStatus {
  recording: boolean;
  path?: string;
  frames: number;
  dropped: number;
  bufferDepth: number;
  stale: Partial<Record<StreamName, number>>;
  task?: string;
}

const zeroStale = () =>
  Object.fromEntries(STREAMS.map((s) => [s, 0])) as Record<StreamName, number>;

export class Episodes {
  private active: Active | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: () => number;
  private readonly infos = new Map<string, CameraInfo>();
  /** Starts queued or opening their file. */
  private starting = 0;

  constructor(private readonly o: EpisodesOptions) {
    this.clock = o.clock ?? now;
  }

  get recording(): boolean {
    return this.active !== undefined;
  }

  status(): EpisodeStatus {
    const a = this.active;
    return {
      recording: a !== undefined,
      path: a?.writer.path,
      frames: a?.frames ?? 0,
      dropped: a?.writer.dropped ?? 0,
      bufferDepth: a?.writer.depth ?? 0,
      stale: a ? { ...a.stale } : {},
      task: a?.labels.task,
    };
  }

  reply(): RecorderReply {
    const a = this.active;
    if (!a) return { ok: true, recording: false };
    return {
      ok: true,
      recording: true,
      path: a.writer.path,
      frames: a.frames,
      durationS: (this.clock() - a.startMs) / 1000,
      task: a.labels.task,
    };
  }

  /** Writes one tick's records into the running episode (no-op when idle). */
  record(sample: TickSample): void {
    const a = this.active;
    if (!a) return;
    a.frames++;
    a.tickTimes.push(sample.tickMs);
    for (const s of sample.stale) a.stale[s]++;
    for (const r of sample.records) this.push(a, r);
  }

  private push(a: Active, r: TickRecord, camera?: string): void {
    if (a.writer.push(r)) return;
    this.o.onDrop();
    if (camera !== undefined) a.cameras.dropped(camera);
  }

  /** A camera's calibration and mount: kept while idle, written when new or changed. */
  cameraInfo(info: CameraInfo): void {
    this.infos.set(info.camera, info);
    const a = this.active;
    if (a) for (const r of a.cameras.info(info)) this.push(a, r, info.camera);
  }

  /** Every colour frame while recording, stamped with its capture time. */
  cameraFrame(frame: CameraFrame, arrivalMs: number): void {
    const a = this.active;
    const r = a?.cameras.frame(frame, arrivalMs);
    if (a && r) this.push(a, r, frame.camera);
  }

  cameraDepth(depth: CameraDepth): void {
    const a = this.active;
    const r = a?.cameras.depth(depth);
    if (a && r) this.push(a, r, depth.camera);
  }

  /** A message refused on a camera's subjects: counted in the episode's figures of that camera. */
  cameraRefused(camera: string): void {
    this.active?.cameras.refused(camera);
  }

  /** The simulated scene (the cube) as it arrives: Foxglove's SceneUpdate and the raw message. */
  sceneState(scene: SceneState): void {
    const a = this.active;
    if (!a) return;
    const at = { logTimeMs: scene.t, publishTimeMs: scene.t };
    this.push(a, { channel: "sceneObjects", ...at, message: sceneUpdateRecord(scene) });
    this.push(a, { channel: "rawScene", ...at, message: scene });
  }

  /** Events are recorded as they arrive, each one. */
  recordEvent(ev: TeleopEvent, atMs: number): void {
    this.active?.writer.push({
      channel: "rawEvents",
      logTimeMs: atMs,
      publishTimeMs: ev.t,
      message: ev,
    });
  }

  /**
   * A / X: start an episode, or discard the running one. A press while a start
   * is still opening its file counts as pressed on that episode: it discards it.
   */
  primaryButton(): Promise<RecorderReply> {
    return this.active || this.starting > 0 ? this.discard() : this.start();
  }

  /** B / Y: save the running episode as a success; `pressedAtMs` is the press's VR time. */
  secondaryButton(pressedAtMs?: number): Promise<RecorderReply> {
    return this.save(true, pressedAtMs);
  }

  private labels(req: RecorderStartRequest): EpisodeLabels {
    const source = this.o.sourceTask?.()?.trim();
    const [task, taskSource]: [string, EpisodeLabels["taskSource"]] = req.task?.trim()
      ? [req.task.trim(), "request"]
      : source
        ? [source, "source"]
        : this.o.defaults.task
          ? [this.o.defaults.task, "config"]
          : ["", "none"];
    return {
      task,
      taskSource,
      operator: req.operator?.trim() || this.o.defaults.operator,
      notes: req.notes ?? "",
    };
  }

  start(req: RecorderStartRequest = {}): Promise<RecorderReply> {
    this.starting++;
    const done = () => {
      this.starting--;
    };
    const started = this.serial(async () => {
      if (this.active) {
        return { ...this.reply(), ok: false, error: "already recording" };
      }
      const labels = this.labels(req);
      const startMs = this.clock();
      const cameras = [...this.infos.values()].filter((i) => startMs - i.t <= CAMERA_INFO_FRESH_MS);
      const path = failurePath(this.o.dir, startMs);
      await mkdir(dirname(path), { recursive: true });
      const writer = await EpisodeWriter.open({
        path,
        startMs,
        chunkSeconds: this.o.chunkSeconds,
        bufferSize: this.o.bufferSize,
        bufferBytes: this.o.bufferBytes,
        recordingMetadata: {
          ...this.o.recordingMetadata,
          start_time: new Date(startMs).toISOString(),
          start_time_ns: String(BigInt(Math.round(startMs)) * 1_000_000n),
          chunk_seconds: String(this.o.chunkSeconds),
          buffer_size: String(this.o.bufferSize),
          ...(this.o.bufferBytes !== undefined && { buffer_bytes: String(this.o.bufferBytes) }),
          ...labelMetadata(labels),
          // Known here so that a file cut short still says what each camera's rate should be.
          ...Object.fromEntries(
            cameras.map((i) => [`camera_${i.camera}_target_fps`, String(i.fps)]),
          ),
        },
        robotModel: {
          robot_type: ROBOT_NAME,
          urdf_attachment: URDF_ATTACHMENT,
          urdf_source:
            "generated from the FR3 modified-DH table and limits; simple shapes, no meshes",
          gripper: "franka_hand",
        },
        onError: this.o.onWriteError,
      });
      // Duration counts from when ticks start going into the file, so frames / duration is the rate.
      const begun = this.clock();
      const a: Active = {
        writer,
        startMs: begun,
        frames: 0,
        stale: zeroStale(),
        tickTimes: [],
        cameras: new CameraEpisode(begun),
        labels,
      };
      this.active = a;
      for (const info of cameras) this.cameraInfo(info);
      this.o.log.info("episode started", {
        path,
        task: labels.task,
        taskSource: labels.taskSource,
      });
      this.o.event(EventType.episodeStarted, { path, task: labels.task });
      return this.reply();
    });
    started.then(done, done);
    return started;
  }

  /**
   * Save: success moves to success/ with the duration in the name; failure stays in failure/.
   * `saveMs` counts from `fromMs` (the B press's time, or when the request came) to the
   * file being final under its name.
   */
  save(success: boolean, fromMs?: number): Promise<RecorderReply> {
    const askedAt = fromMs ?? this.clock();
    return this.serial(async () => {
      const a = this.active;
      if (!a) return { ok: false, recording: false, error: "not recording" };
      this.active = undefined;
      const endMs = this.clock();
      const durationS = (endMs - a.startMs) / 1000;
      // Built after the last chunk is on disk, so the disk latencies count every frame.
      await a.writer.finish(() => ({
        end_time: new Date(endMs).toISOString(),
        end_time_ns: String(BigInt(Math.round(endMs)) * 1_000_000n),
        duration: durationS.toFixed(3),
        success: String(success),
        frames: String(a.frames),
        dropped: String(a.writer.dropped),
        ...Object.fromEntries(STREAMS.map((s) => [`stale_${s}`, String(a.stale[s])])),
        recovered: "false",
        ...labelMetadata(a.labels),
        ...this.quality(a),
        ...a.cameras.metadata(a.tickTimes),
      }));
      let path = a.writer.path;
      if (success) {
        const target = successPath(this.o.dir, path, durationS);
        await mkdir(dirname(target), { recursive: true });
        await rename(path, target);
        path = target;
      }
      const saveMs = Math.max(0, this.clock() - askedAt);
      const facts = {
        path,
        frames: a.frames,
        durationS,
        success,
        dropped: a.writer.dropped,
        task: a.labels.task,
        saveMs: Math.round(saveMs * 10) / 10,
      };
      this.o.log.info("episode saved", facts);
      this.o.event(EventType.episodeSaved, facts);
      return {
        ok: true,
        recording: false,
        path,
        frames: a.frames,
        durationS,
        task: a.labels.task,
        saveMs,
      };
    });
  }

  /** Rate, dropped ticks, longest gap and the quality flags of an episode. */
  private quality(a: Active): Record<string, string> {
    const ticks = tickFigures(a.tickTimes, this.o.targetHz);
    const flags = qualityFlags({
      targetHz: this.o.targetHz,
      ticks,
      stale: a.stale,
      cameras: a.cameras.qualities(),
    });
    return {
      target_hz: String(this.o.targetHz),
      rate_hz: ticks.rateHz.toFixed(2),
      dropped_ticks: String(ticks.droppedTicks),
      longest_gap_ms: ticks.longestGapMs.toFixed(1),
      quality: flags.length ? "flagged" : "ok",
      quality_flags: flags.join(","),
    };
  }

  discard(): Promise<RecorderReply> {
    return this.serial(async () => {
      const a = this.active;
      if (!a) return { ok: false, recording: false, error: "not recording" };
      this.active = undefined;
      const durationS = (this.clock() - a.startMs) / 1000;
      await a.writer.abandon();
      await unlink(a.writer.path);
      const facts = { path: a.writer.path, frames: a.frames, durationS };
      this.o.log.info("episode discarded", facts);
      this.o.event(EventType.episodeDiscarded, facts);
      return { ok: true, recording: false, path: a.writer.path, frames: a.frames, durationS };
    });
  }

  /** On shutdown a running episode is kept: saved as a failure, complete and indexed. */
  async close(): Promise<void> {
    await this.queue;
    if (this.active) await this.save(false);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function labelMetadata(l: EpisodeLabels): Record<string, string> {
  return { task: l.task, task_source: l.taskSource, operator: l.operator, notes: l.notes };
}
