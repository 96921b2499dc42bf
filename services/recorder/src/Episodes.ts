/**
 * The episode state machine: idle -> recording -> saved (success/ or
 * failure/) or discarded (deleted). Buttons and requests drive the same
 * operations, which run one at a time. Every tick while recording goes to
 * the episode's writer; staleness is counted per stream.
 */
import { mkdir, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { STREAMS, type StreamName } from "@teleop/recording/schemas";
import { ROBOT_NAME } from "@teleop/recording/urdf";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Logger } from "@teleop/shared/log";
import type { RecorderReply, TeleopEvent } from "@teleop/shared/messages";
import { EpisodeWriter, URDF_ATTACHMENT } from "./EpisodeWriter";
import { failurePath, successPath } from "./episodeFiles";
import type { TickSample } from "./sample";

export interface EpisodesOptions {
  dir: string;
  chunkSeconds: number;
  bufferSize: number;
  /** Extra `recording_metadata` entries (rate, prefix, instance, ...). */
  recordingMetadata: Record<string, string>;
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
}

export interface EpisodeStatus {
  recording: boolean;
  path?: string;
  frames: number;
  dropped: number;
  bufferDepth: number;
  stale: Partial<Record<StreamName, number>>;
}

const zeroStale = () =>
  Object.fromEntries(STREAMS.map((s) => [s, 0])) as Record<StreamName, number>;

export class Episodes {
  private active: Active | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: () => number;

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
    };
  }

  /** Writes one tick's records into the running episode (no-op when idle). */
  record(sample: TickSample): void {
    const a = this.active;
    if (!a) return;
    a.frames++;
    for (const s of sample.stale) a.stale[s]++;
    for (const r of sample.records) if (!a.writer.push(r)) this.o.onDrop();
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

  /** A / X: start an episode, or discard the running one. */
  primaryButton(): Promise<RecorderReply> {
    return this.active ? this.discard() : this.start();
  }

  /** B / Y: save the running episode as a success. */
  secondaryButton(): Promise<RecorderReply> {
    return this.save(true);
  }

  start(): Promise<RecorderReply> {
    return this.serial(async () => {
      if (this.active) {
        return { ...this.reply(), ok: false, error: "already recording" };
      }
      const startMs = this.clock();
      const path = failurePath(this.o.dir, startMs);
      await mkdir(dirname(path), { recursive: true });
      const writer = await EpisodeWriter.open({
        path,
        startMs,
        chunkSeconds: this.o.chunkSeconds,
        bufferSize: this.o.bufferSize,
        recordingMetadata: {
          ...this.o.recordingMetadata,
          start_time: new Date(startMs).toISOString(),
          start_time_ns: String(BigInt(Math.round(startMs)) * 1_000_000n),
          chunk_seconds: String(this.o.chunkSeconds),
          buffer_size: String(this.o.bufferSize),
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
      this.active = { writer, startMs: this.clock(), frames: 0, stale: zeroStale() };
      this.o.log.info("episode started", { path });
      this.o.event(EventType.episodeStarted, { path });
      return this.reply();
    });
  }

  /** Save: success moves to success/ with the duration in the name; failure stays in failure/. */
  save(success: boolean): Promise<RecorderReply> {
    return this.serial(async () => {
      const a = this.active;
      if (!a) return { ok: false, recording: false, error: "not recording" };
      this.active = undefined;
      const endMs = this.clock();
      const durationS = (endMs - a.startMs) / 1000;
      await a.writer.finish({
        end_time: new Date(endMs).toISOString(),
        end_time_ns: String(BigInt(Math.round(endMs)) * 1_000_000n),
        duration: durationS.toFixed(3),
        success: String(success),
        frames: String(a.frames),
        dropped: String(a.writer.dropped),
        ...Object.fromEntries(STREAMS.map((s) => [`stale_${s}`, String(a.stale[s])])),
        recovered: "false",
      });
      let path = a.writer.path;
      if (success) {
        const target = successPath(this.o.dir, path, durationS);
        await mkdir(dirname(target), { recursive: true });
        await rename(path, target);
        path = target;
      }
      const facts = { path, frames: a.frames, durationS, success, dropped: a.writer.dropped };
      this.o.log.info("episode saved", facts);
      this.o.event(EventType.episodeSaved, facts);
      return { ok: true, recording: false, path, frames: a.frames, durationS };
    });
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
