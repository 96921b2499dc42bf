/**
 * The camera part of the recording layout (REFERENCE sections 7-9): per camera
 * `/camera/<id>/compressed` (foxglove.CompressedImage, JPEG as base64 in JSON),
 * `/camera/<id>/depth` (foxglove.RawImage 16UC1, raw little-endian pixels),
 * `/camera/<id>/camera_info` (foxglove.CameraCalibration), and the builders
 * from the bus messages to those records. The recorder, the live view and the
 * export all name camera channels through this module.
 */
import { CameraCalibration, CompressedImage, RawImage } from "@foxglove/schemas/jsonschema";
import type { CameraDepth, CameraFrame, CameraInfo } from "@teleop/shared/cameraMessages";
import type { ChannelSpec } from "./channels";
import { toDraft2020 } from "./draft2020";
import type { FrameTransform } from "./frames";
import { foxgloveTime } from "./time";

export type CameraStream = "compressed" | "depth" | "camera_info";

export function cameraTopic(camera: string, stream: CameraStream): string {
  return `/camera/${camera}/${stream}`;
}

const TOPIC_RE = /^\/camera\/([A-Za-z0-9_-]+)\/(compressed|depth|camera_info)$/;

/** The camera id and stream of a camera topic, or undefined for any other topic. */
export function parseCameraTopic(
  topic: string,
): { camera: string; stream: CameraStream } | undefined {
  const m = TOPIC_RE.exec(topic);
  return m ? { camera: m[1]!, stream: m[2] as CameraStream } : undefined;
}

const SCHEMAS: Record<CameraStream, { title: string }> = {
  compressed: CompressedImage,
  depth: RawImage,
  camera_info: CameraCalibration,
};

const specs = new Map<string, ChannelSpec>();

/** A camera channel's spec, converted once: the recorder asks for it on every frame. */
export function cameraChannelSpec(camera: string, stream: CameraStream): ChannelSpec {
  const topic = cameraTopic(camera, stream);
  const known = specs.get(topic);
  if (known) return known;
  const schema = SCHEMAS[stream];
  const spec = { topic, schemaName: schema.title, schema: toDraft2020(schema) };
  specs.set(topic, spec);
  return spec;
}

export interface CompressedImageRecord {
  timestamp: { sec: number; nsec: number };
  frame_id: string;
  data: string;
  format: string;
}

export function compressedImageRecord(f: CameraFrame): CompressedImageRecord {
  return {
    timestamp: foxgloveTime(f.t),
    frame_id: f.frameId,
    data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength).toString("base64"),
    format: f.format,
  };
}

export interface RawImageRecord {
  timestamp: { sec: number; nsec: number };
  frame_id: string;
  width: number;
  height: number;
  encoding: string;
  step: number;
  data: string;
}

export function rawImageRecord(d: CameraDepth): RawImageRecord {
  return {
    timestamp: foxgloveTime(d.t),
    frame_id: d.frameId,
    width: d.width,
    height: d.height,
    encoding: d.encoding,
    step: d.width * 2,
    data: Buffer.from(d.data.buffer, d.data.byteOffset, d.data.byteLength).toString("base64"),
  };
}

export interface CameraCalibrationRecord {
  timestamp: { sec: number; nsec: number };
  frame_id: string;
  width: number;
  height: number;
  distortion_model: string;
  D: number[];
  K: number[];
  R: number[];
  P: number[];
}

export function cameraCalibrationRecord(info: CameraInfo): CameraCalibrationRecord {
  return {
    timestamp: foxgloveTime(info.t),
    frame_id: info.frameId,
    width: info.width,
    height: info.height,
    distortion_model: info.distortionModel,
    D: [...info.D],
    K: [...info.K],
    R: [...info.R],
    P: [...info.P],
  };
}

/** The camera's optical frame in its mount's parent frame (base: /tf_static; fr3_hand: moves with the arm). */
export function cameraMountTransform(info: CameraInfo): FrameTransform {
  return {
    parent: info.mount.parent,
    child: info.frameId,
    translation: [...info.mount.translation],
    rotation: [...info.mount.rotation],
  };
}

/** JPEG bytes of a recorded /camera/<id>/compressed message. */
export function jpegOf(record: CompressedImageRecord): Uint8Array {
  return new Uint8Array(Buffer.from(record.data, "base64"));
}
