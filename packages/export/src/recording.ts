/**
 * Reading one recording for the export (I/O edge): the verifier's verdict
 * and metadata, the camera streams it holds, the low-rate streams (robot
 * state, action, commanded target) keyed by their source time, and each
 * camera's frames in order, streamed so a long episode never sits in memory.
 * The reads after the verdict skip the reader's chunk CRCs: verify checked
 * them (natively), and the reader's JavaScript CRC costs more than the read.
 */
import { open } from "node:fs/promises";
import { McapIndexedReader } from "@mcap/core";
import { FileHandleReadable } from "@mcap/nodejs";
import { parseCameraTopic } from "@teleop/recording/cameraChannels";
import { CHANNELS } from "@teleop/recording/channels";
import { type ImageSize, jpegSize } from "@teleop/recording/jpeg";
import { decompressHandlers, withIndexedReader } from "@teleop/recording/reader";
import { nsToEpochMs } from "@teleop/recording/time";
import { verifyFile } from "@teleop/recording/verify";
import { type Quat, quatToEulerXYZ } from "@teleop/shared/math";
import { distinctByTime } from "./grid";
import type { Series } from "./rows";

export interface CameraProbe {
  camera: string;
  topic: string;
  frames: number;
  rateHz: number;
  size: ImageSize;
  /** Capture time of its first frame (epoch ms). */
  firstMs: number;
}

export interface RecordingProbe {
  path: string;
  /** Why the file cannot be exported; undefined when it can. */
  problem?: string;
  success: boolean | null;
  /** The `task` of its recording_metadata, when the recorder wrote one. */
  task?: string;
  startNs: bigint;
  recordHz?: number;
  cameras: CameraProbe[];
}

const decoder = new TextDecoder();
const parse = (data: Uint8Array) => JSON.parse(decoder.decode(data));

/** Verifies the file and reads what the export decides on: outcome, task, cameras, rates. */
export async function probeRecording(path: string): Promise<RecordingProbe> {
  const report = await verifyFile(path);
  const meta = report.metadata.recording_metadata ?? {};
  const probe: RecordingProbe = {
    path,
    success: report.success,
    startNs: BigInt(meta.start_time_ns ?? 0),
    cameras: [],
  };
  const task = meta.task?.trim();
  if (task) probe.task = task;
  const hz = Number(meta.record_hz);
  if (hz > 0) probe.recordHz = hz;
  if (!report.valid) {
    probe.problem = `not valid: ${report.errors.join("; ")}`;
    return probe;
  }
  if (!report.metadata.final_metadata) {
    probe.problem = "unfinished: no final_metadata record";
    return probe;
  }
  const needed = [CHANNELS.robotState.topic, CHANNELS.action.topic, CHANNELS.rawRobotCommand.topic];
  const missing = needed.filter((t) => !report.topics.some((r) => r.topic === t && r.messages > 0));
  if (missing.length > 0) {
    probe.problem = `no messages on ${missing.join(", ")}`;
    return probe;
  }
  for (const t of report.topics) {
    const c = parseCameraTopic(t.topic);
    if (c?.stream !== "compressed" || t.messages === 0) continue;
    const first = await firstFrame(path, t.topic);
    const size = first && jpegSize(first.jpeg);
    if (!size) {
      probe.problem = `${t.topic}: its first frame is not a JPEG`;
      return probe;
    }
    probe.cameras.push({
      camera: c.camera,
      topic: t.topic,
      frames: t.messages,
      rateHz: t.rateHz,
      size,
      firstMs: first.t,
    });
  }
  probe.cameras.sort((a, b) => a.camera.localeCompare(b.camera));
  return probe;
}

export interface EpisodeStreams {
  /** 7 joint positions + gripper. */
  state: Series;
  /** x y z roll pitch yaw of the measured TCP. */
  cartesian: Series;
  /** The recorded 7-vector action. */
  action: Series;
  /** x y z roll pitch yaw of the commanded target. */
  target: Series;
  /** Time of the last recorded tick (epoch ms). */
  endMs: number;
  /** Samples left out for a wrong shape (e.g. a state without joints). */
  rejected: number;
}

interface RobotStateMsg {
  joint_positions: number[];
  cartesian_position: number[];
  gripper_position: number;
}

const finite = (v: number[], n: number) => v.length === n && v.every(Number.isFinite);

/** The low-rate streams of an episode, each keyed by when its source message was made. */
export async function readEpisodeStreams(path: string): Promise<EpisodeStreams> {
  return withIndexedReader(path, async (reader) => {
    const topics = [
      CHANNELS.robotState.topic,
      CHANNELS.action.topic,
      CHANNELS.rawRobotCommand.topic,
    ];
    const byTopic = new Map(topics.map((t) => [t, [] as { t: number; value: number[] }[]]));
    const cartesian: { t: number; value: number[] }[] = [];
    let endMs = 0;
    let rejected = 0;
    for await (const m of reader.readMessages({ topics, validateCrcs: false })) {
      const topic = reader.channelsById.get(m.channelId)?.topic ?? "";
      const t = nsToEpochMs(m.publishTime);
      const msg = parse(m.data);
      let value: number[] | undefined;
      if (topic === CHANNELS.robotState.topic) {
        endMs = Math.max(endMs, nsToEpochMs(m.logTime));
        const s = msg as RobotStateMsg;
        value = [...s.joint_positions, s.gripper_position];
        if (finite(s.cartesian_position, 6) && finite(value, 8)) {
          cartesian.push({ t, value: s.cartesian_position });
        } else value = undefined;
      } else if (topic === CHANNELS.action.topic) {
        value = msg.data as number[];
        if (!finite(value, 7)) value = undefined;
      } else {
        const target = msg.target as { position: number[]; orientation: number[] };
        value = [...target.position, ...quatToEulerXYZ(target.orientation as Quat)];
        if (!finite(value, 6)) value = undefined;
      }
      if (value) byTopic.get(topic)!.push({ t, value });
      else rejected++;
    }
    const series = (samples: { t: number; value: number[] }[]): Series => {
      const d = distinctByTime(samples);
      return { t: d.t, values: d.values };
    };
    return {
      state: series(byTopic.get(CHANNELS.robotState.topic)!),
      cartesian: series(cartesian),
      action: series(byTopic.get(CHANNELS.action.topic)!),
      target: series(byTopic.get(CHANNELS.rawRobotCommand.topic)!),
      endMs,
      rejected,
    };
  });
}

export interface CameraFrame {
  /** Capture time (epoch ms): the CompressedImage timestamp. */
  t: number;
  jpeg: Uint8Array;
}

export interface TopicFrame extends CameraFrame {
  topic: string;
}

function frameOf(data: Uint8Array): CameraFrame {
  const r = parse(data) as { timestamp: { sec: number; nsec: number }; data: string };
  return {
    t: r.timestamp.sec * 1000 + r.timestamp.nsec / 1e6,
    jpeg: new Uint8Array(Buffer.from(r.data, "base64")),
  };
}

async function firstFrame(path: string, topic: string): Promise<CameraFrame | undefined> {
  for await (const f of cameraFrames(path, [topic])) return f;
  return undefined;
}

/**
 * The frames of camera `topics` in recorded order, in one pass (the cameras
 * share the file's chunks); the file stays open while iterating.
 */
export async function* cameraFrames(
  path: string,
  topics: readonly string[],
): AsyncGenerator<TopicFrame> {
  const fh = await open(path, "r");
  try {
    const reader = await McapIndexedReader.Initialize({
      readable: new FileHandleReadable(fh),
      decompressHandlers,
    });
    const messages = reader.readMessages({ topics: [...topics], validateCrcs: false });
    for await (const m of messages) {
      yield { topic: reader.channelsById.get(m.channelId)!.topic, ...frameOf(m.data) };
    }
  } finally {
    await fh.close();
  }
}
