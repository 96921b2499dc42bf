/**
 * The cameras of one episode: turns each accepted camera message into its
 * records (every frame, stamped with its capture time; calibration and mount
 * when a camera first appears or changes) and keeps the per-camera figures
 * that go into final_metadata: frames, measured fps, frames lost (seq gaps),
 * frames dropped here, capture-to-arrival, capture-to-file (the frame's chunk
 * written: a recorder crash no longer loses it) and capture-to-synced (on
 * disk: nor does a power loss) latency, and the frames' offset to the
 * recording tick. Pure apart from the clock it is handed.
 */
import {
  cameraCalibrationRecord,
  cameraChannelSpec,
  cameraMountTransform,
  compressedImageRecord,
  rawImageRecord,
} from "@teleop/recording/cameraChannels";
import {
  type CameraQuality,
  measuredFps,
  offsetsToTicks,
  seqGaps,
} from "@teleop/recording/quality";
import { foxgloveTransforms, tfRecord } from "@teleop/recording/records";
import type { CameraDepth, CameraFrame, CameraInfo } from "@teleop/shared/cameraMessages";
import { percentile } from "@teleop/shared/stats";
import type { TickRecord } from "./sample";

interface CameraFigures {
  seqs: number[];
  times: number[];
  arrivalMs: number[];
  diskMs: number[];
  syncedMs: number[];
  depthSeqs: number[];
  dropped: number;
  refused: number;
  outOfOrder: number;
  info?: CameraInfo;
  infoKey?: string;
}

const newFigures = (): CameraFigures => ({
  seqs: [],
  times: [],
  arrivalMs: [],
  diskMs: [],
  syncedMs: [],
  depthSeqs: [],
  dropped: 0,
  refused: 0,
  outOfOrder: 0,
});

/** An info compared without its time: a camera that republishes the same info changes nothing. */
const infoKey = (i: CameraInfo) => JSON.stringify({ ...i, t: 0 });

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "");
const sortedPct = (xs: number[], p: number) =>
  xs.length
    ? percentile(
        [...xs].sort((a, b) => a - b),
        p,
      )
    : Number.NaN;

export class CameraEpisode {
  private readonly cams = new Map<string, CameraFigures>();

  constructor(private readonly startMs: number) {}

  private figures(camera: string): CameraFigures {
    let f = this.cams.get(camera);
    if (!f) {
      f = newFigures();
      this.cams.set(camera, f);
    }
    return f;
  }

  get cameras(): string[] {
    return [...this.cams.keys()].sort();
  }

  /** Records of a calibration/mount the episode has not seen (none when unchanged). */
  info(info: CameraInfo): TickRecord[] {
    const f = this.figures(info.camera);
    const key = infoKey(info);
    if (f.infoKey === key) return [];
    f.info = info;
    f.infoKey = key;
    // Infos known before the start are stamped at the start, inside the episode.
    const t = Math.max(info.t, this.startMs);
    const mount = [cameraMountTransform(info)];
    return [
      {
        channel: cameraChannelSpec(info.camera, "camera_info"),
        logTimeMs: t,
        publishTimeMs: info.t,
        message: cameraCalibrationRecord({ ...info, t }),
      },
      // The mount is fixed in its parent (base, or fr3_hand whose motion is on /tf).
      { channel: "tfStatic", logTimeMs: t, publishTimeMs: info.t, message: tfRecord(mount, t) },
      {
        channel: "foxgloveTf",
        logTimeMs: t,
        publishTimeMs: info.t,
        message: foxgloveTransforms(mount, t),
      },
    ];
  }

  /**
   * The record of a colour frame; undefined for a frame captured before the episode began
   * (it belongs to no episode) or not newer than the camera's last one (counted).
   */
  frame(frame: CameraFrame, arrivalMs: number): TickRecord | undefined {
    if (frame.t < this.startMs) return undefined;
    const f = this.figures(frame.camera);
    const last = f.times[f.times.length - 1];
    if (last !== undefined && frame.t <= last) {
      f.outOfOrder++;
      return undefined;
    }
    f.seqs.push(frame.seq);
    f.times.push(frame.t);
    f.arrivalMs.push(arrivalMs - frame.t);
    return {
      channel: cameraChannelSpec(frame.camera, "compressed"),
      logTimeMs: frame.t,
      publishTimeMs: frame.t,
      message: compressedImageRecord(frame),
      onDisk: (at, synced) => (synced ? f.syncedMs : f.diskMs).push(at - frame.t),
    };
  }

  depth(depth: CameraDepth): TickRecord | undefined {
    if (depth.t < this.startMs) return undefined;
    this.figures(depth.camera).depthSeqs.push(depth.seq);
    return {
      channel: cameraChannelSpec(depth.camera, "depth"),
      logTimeMs: depth.t,
      publishTimeMs: depth.t,
      message: rawImageRecord(depth),
    };
  }

  /** A record of this camera did not fit in the writer's buffer. */
  dropped(camera: string): void {
    this.figures(camera).dropped++;
  }

  /** A message on this camera's subjects was refused (bad JPEG, wrong type, ...). */
  refused(camera: string): void {
    this.figures(camera).refused++;
  }

  qualities(): CameraQuality[] {
    return this.cameras.map((camera) => {
      const f = this.figures(camera);
      return {
        camera,
        fps: measuredFps(f.times),
        targetFps: f.info?.fps,
        framesLost: seqGaps(f.seqs) + f.dropped,
      };
    });
  }

  /** final_metadata entries, `camera_<id>_<figure>`, given the episode's tick times. */
  metadata(tickTimesMs: readonly number[]): Record<string, string> {
    const out: Record<string, string> = { cameras: this.cameras.join(",") };
    for (const camera of this.cameras) {
      const f = this.figures(camera);
      const offsets = offsetsToTicks(f.times, tickTimesMs);
      const absOffsets = offsets.map(Math.abs);
      const entries: Record<string, string> = {
        frames: String(f.times.length),
        fps: fmt(measuredFps(f.times), 2),
        target_fps: f.info ? String(f.info.fps) : "",
        frames_lost: String(seqGaps(f.seqs)),
        frames_dropped: String(f.dropped),
        frames_refused: String(f.refused),
        frames_out_of_order: String(f.outOfOrder),
        depth_frames: String(f.depthSeqs.length),
        depth_frames_lost: String(seqGaps(f.depthSeqs)),
        arrival_latency_p50_ms: fmt(sortedPct(f.arrivalMs, 50)),
        arrival_latency_p99_ms: fmt(sortedPct(f.arrivalMs, 99)),
        disk_latency_p50_ms: fmt(sortedPct(f.diskMs, 50)),
        disk_latency_p99_ms: fmt(sortedPct(f.diskMs, 99)),
        synced_latency_p50_ms: fmt(sortedPct(f.syncedMs, 50)),
        synced_latency_p99_ms: fmt(sortedPct(f.syncedMs, 99)),
        tick_offset_p50_ms: fmt(sortedPct(offsets, 50), 2),
        tick_offset_abs_p99_ms: fmt(sortedPct(absOffsets, 99), 2),
        source: f.info?.source ?? "",
        frame_id: f.info?.frameId ?? "",
        mount_parent: f.info?.mount.parent ?? "",
        width: f.info ? String(f.info.width) : "",
        height: f.info ? String(f.info.height) : "",
      };
      for (const [k, v] of Object.entries(entries)) out[`camera_${camera}_${k}`] = v;
    }
    return out;
  }
}
