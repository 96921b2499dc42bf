/**
 * The cameras scenario's two cameras beside the stack, each its own camera
 * service process so that CPU is measured per camera (the service and its
 * ffmpeg child): `pass`, a 640x480 MJPEG clip of ffmpeg's test source fed
 * at 30 fps into a pipe, read through the v4l2 source's code path and passed
 * through untouched (what a UVC camera's own MJPEG costs), and `sim`, the
 * software renderer at
 * 640x480. Both 30 fps. Frames are counted from the bus with seq gaps,
 * and compared with the recording: the camera's published seq count
 * against the frames in the file (cameraLoss.ts), beside the recorder's own
 * per-camera figures from its final metadata.
 */

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import { CameraFrameMsg, MAX_CAMERA_FRAME_BYTES } from "@teleop/shared/cameraMessages";
import { decode } from "@teleop/shared/codec";
import type { Subprocess } from "bun";
import { bundleServices, serviceBundle } from "../packages/cli/src/serviceBundles";
import { ServiceProcess } from "../test/support/serviceProcess";
import { type PublishToFile, publishedVsFile, type SeenFrame } from "./cameraLoss";
import type { McapFrames } from "./mcapFrames";

export const BENCH_CAMERAS = ["pass", "sim"] as const;
const SIZE = { width: 640, height: 480, fps: 30 };
const CLIP_S = 10;

export interface CameraTally {
  frames: number;
  seqGaps: number;
  first?: number;
  last?: number;
  lastSeq?: number;
  captureToArrivalMs: number[];
  seen: SeenFrame[];
}

/** The recorder's own figures for a camera, from the file's final metadata (NaN when absent). */
export interface RecorderCameraFigures {
  frames: number;
  fps: number;
  /** Seq gaps the recorder saw plus frames its writer queue dropped. */
  lost: number;
  captureToRecorderP99Ms: number;
  /** Capture to the frame's chunk written to the file (a recorder crash no longer loses it). */
  captureToDiskP50Ms: number;
  captureToDiskP99Ms: number;
  /** Capture to the file's next sync (a power loss no longer loses it). */
  captureToSyncedP99Ms: number;
}

export interface CameraFigures {
  frames: number;
  fps: number;
  seqGaps: number;
  captureToBusP50Ms: number;
  captureToBusP99Ms: number;
  /** The camera's published frames against the file. */
  file: PublishToFile;
  recorder: RecorderCameraFigures;
}

/** A camera's figures in a recording's final metadata (`camera_<id>_<figure>`). */
export function recorderCameraFigures(
  meta: Record<string, string>,
  id: string,
): RecorderCameraFigures {
  const n = (k: string) => {
    const v = meta[`camera_${id}_${k}`];
    return v === undefined || v === "" ? Number.NaN : Number(v);
  };
  return {
    frames: n("frames"),
    fps: n("fps"),
    lost: n("frames_lost") + n("frames_dropped"),
    captureToRecorderP99Ms: n("arrival_latency_p99_ms"),
    captureToDiskP50Ms: n("disk_latency_p50_ms"),
    captureToDiskP99Ms: n("disk_latency_p99_ms"),
    captureToSyncedP99Ms: n("synced_latency_p99_ms"),
  };
}

function cameraConfig(id: string, device: string): unknown {
  const mount = {
    parent: "base",
    translation: [1.55, -0.95, 0.95],
    rotation: [-0.7682, -0.3389, 0.2192, 0.4969],
    frameId: `camera_${id}`,
  };
  if (id === "pass") {
    return {
      cameras: [
        {
          id,
          source: "v4l2",
          ...SIZE,
          format: "mjpeg",
          input: ["-f", "mjpeg", "-framerate", String(SIZE.fps), "-i", device],
          mount,
        },
      ],
    };
  }
  return { cameras: [{ id, source: "sim", ...SIZE, fovDeg: 60, mount }] };
}

export class CameraRig {
  private constructor(
    readonly procs: Record<string, ServiceProcess>,
    private readonly tallies: Record<string, CameraTally>,
    private readonly feeder: Subprocess,
  ) {}

  static async start(o: {
    natsUrl: string;
    prefix: string;
    dir: string;
    bus: Bus;
  }): Promise<CameraRig> {
    mkdirSync(o.dir, { recursive: true });
    const clip = join(o.dir, "testsrc-640x480.mjpeg");
    const gen = Bun.spawn(
      [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        `testsrc2=size=640x480:rate=${SIZE.fps}`,
        "-t",
        String(CLIP_S),
        "-q:v",
        "5",
        "-f",
        "mjpeg",
        clip,
      ],
      { stdout: "ignore", stderr: "inherit" },
    );
    if ((await gen.exited) !== 0) throw new Error("ffmpeg could not make the test clip");
    // The device: the clip's frames at 30 fps into a pipe the camera's ffmpeg blocks on, as
    // it blocks on a UVC device. (Reading the file with -re instead makes the camera's own
    // ffmpeg poll every 10 ms, a cost no device has.) Its CPU is the device's, not the camera's.
    const device = join(o.dir, "device-pass.mjpeg");
    if (Bun.spawnSync(["mkfifo", device]).exitCode !== 0)
      throw new Error(`mkfifo ${device} failed`);
    const feeder = Bun.spawn(
      [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-re",
        "-stream_loop",
        "-1",
        "-f",
        "mjpeg",
        "-framerate",
        String(SIZE.fps),
        "-i",
        clip,
        "-c:v",
        "copy",
        "-f",
        "mjpeg",
        "-flush_packets",
        "1",
        device,
      ],
      // It ends with a broken pipe when the camera stops first; a feeder that fails shows as 0 fps.
      { stdout: "ignore", stderr: "ignore" },
    );
    await bundleServices(["camera"]);
    const procs: Record<string, ServiceProcess> = {};
    const tallies: Record<string, CameraTally> = {};
    for (const id of BENCH_CAMERAS) {
      const path = join(o.dir, `cameras-${id}.json`);
      await Bun.write(path, JSON.stringify(cameraConfig(id, device)));
      tallies[id] = { frames: 0, seqGaps: 0, captureToArrivalMs: [], seen: [] };
      procs[id] = new ServiceProcess({
        script: serviceBundle("camera", ""),
        env: {
          NATS_URL: o.natsUrl,
          TELEOP_PREFIX: o.prefix,
          CAMERAS_CONFIG: path,
          INSTANCE_ID: `bench-${id}`,
        },
      });
    }
    const rig = new CameraRig(procs, tallies, feeder);
    try {
      await Promise.all(Object.values(procs).map((p) => p.waitForLog(/\bready\b/, 20_000)));
    } catch (err) {
      await rig.stop();
      throw err;
    }
    for (const id of BENCH_CAMERAS) {
      o.bus.nc.subscribe(o.bus.subjects.cameraImage(id), {
        callback: (_e, msg) => {
          const at = performance.timeOrigin + performance.now();
          const r = decode(CameraFrameMsg, msg.data, MAX_CAMERA_FRAME_BYTES);
          if (r.ok) rig.count(id, r.value.seq, r.value.t, at);
        },
      });
    }
    return rig;
  }

  private counting = false;

  /** Count frames from now on. */
  begin(): void {
    this.counting = true;
  }

  end(): void {
    this.counting = false;
  }

  private count(id: string, seq: number, t: number, at: number): void {
    if (!this.counting) return;
    const c = this.tallies[id]!;
    if (c.lastSeq !== undefined && seq > c.lastSeq + 1) c.seqGaps += seq - c.lastSeq - 1;
    c.lastSeq = seq;
    c.frames++;
    c.first ??= t;
    c.last = t;
    c.captureToArrivalMs.push(at - t);
    c.seen.push({ seq, t });
  }

  /** The service's pid and its ffmpeg child's, per camera. */
  pids(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of BENCH_CAMERAS) {
      const pid = this.procs[id]!.proc.pid;
      out[`camera-${id}`] = pid;
      const kids = Bun.spawnSync(["pgrep", "-P", String(pid)])
        .stdout.toString()
        .trim()
        .split("\n")
        .filter(Boolean);
      kids.forEach((k, i) => {
        out[`camera-${id}-ffmpeg${i ? i : ""}`] = Number(k);
      });
    }
    return out;
  }

  /** Each camera's figures: from the bus, against the recording, and the recorder's own. */
  figures(recording: McapFrames): Record<string, CameraFigures> {
    // The file's start time is rounded to the ms; the recorder takes frames from the exact start.
    const startMs = Number(recording.recordingMetadata.start_time_ns ?? 0) / 1e6 + 1;
    const out: Record<string, CameraFigures> = {};
    for (const id of BENCH_CAMERAS) {
      const c = this.tallies[id]!;
      const lat = [...c.captureToArrivalMs].sort((a, b) => a - b);
      const pct = (p: number) =>
        lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0;
      const span = c.first !== undefined && c.last !== undefined ? c.last - c.first : 0;
      out[id] = {
        frames: c.frames,
        fps: span > 0 ? ((c.frames - 1) * 1000) / span : 0,
        seqGaps: c.seqGaps,
        captureToBusP50Ms: pct(50),
        captureToBusP99Ms: pct(99),
        file: publishedVsFile(c.seen, recording.cameraTimesMs[id] ?? [], startMs),
        recorder: recorderCameraFigures(recording.finalMetadata, id),
      };
    }
    return out;
  }

  async stop(): Promise<Record<string, number>> {
    const codes: Record<string, number> = {};
    for (const id of BENCH_CAMERAS) codes[`camera-${id}`] = await this.procs[id]!.stop();
    this.feeder.kill();
    await this.feeder.exited;
    return codes;
  }
}
