/**
 * The camera part of the message contract (DESIGN: CameraFrame, depth,
 * CameraInfo) and the simulated scene's objects. A frame is the one binary
 * field of the contract: msgpack bin on the bus, never base64.
 */
import { type Static, Type } from "@sinclair/typebox";
import { type Decoded, decode } from "./codec";
import {
  CONTRACT_VERSION,
  defineMessage,
  type MessageType,
  PoseSchema,
  QuatSchema,
  Vec3Schema,
} from "./messages";

/**
 * Largest camera payload (bytes). The project's nats-server configurations
 * raise max_payload to this; a camera refuses a larger frame at the source.
 */
export const MAX_CAMERA_FRAME_BYTES = 8 * 1024 * 1024;

/** A camera id is one subject token: it names `teleop.camera.<id>.*` and `/camera/<id>/*`. */
export const CAMERA_ID_PATTERN = "^[A-Za-z0-9_-]{1,64}$";

const Version = Type.Literal(CONTRACT_VERSION);
const Seq = Type.Integer({ minimum: 0 });
const EpochMs = Type.Number({ minimum: 0, description: "epoch milliseconds" });
const CameraId = Type.String({ pattern: CAMERA_ID_PATTERN });
const Pixels = Type.Integer({ minimum: 1, maximum: 16384 });
const Bytes = Type.Uint8Array({ maxByteLength: MAX_CAMERA_FRAME_BYTES });

export const CameraFrameSchema = Type.Object(
  {
    v: Version,
    seq: Seq,
    t: Type.Number({ minimum: 0, description: "capture time, epoch milliseconds" }),
    camera: CameraId,
    frameId: Type.String({ description: "optical frame (+x right, +y down, +z forward)" }),
    format: Type.Literal("jpeg"),
    width: Pixels,
    height: Pixels,
    data: Bytes,
  },
  { $id: "teleop.CameraFrame", description: "One compressed colour frame" },
);

export const CameraDepthSchema = Type.Object(
  {
    v: Version,
    seq: Seq,
    t: Type.Number({ minimum: 0, description: "capture time, epoch milliseconds" }),
    camera: CameraId,
    frameId: Type.String(),
    encoding: Type.Literal("16UC1"),
    width: Pixels,
    height: Pixels,
    data: Type.Uint8Array({
      maxByteLength: MAX_CAMERA_FRAME_BYTES,
      description: "raw little-endian uint16 pixels, row-major, millimetres (0 = no reading)",
    }),
  },
  { $id: "teleop.CameraDepth", description: "One depth frame" },
);

export const CameraMountSchema = Type.Object({
  parent: Type.String({ description: "base for a fixed camera, fr3_hand for a wrist camera" }),
  translation: Vec3Schema,
  rotation: QuatSchema,
});

const Finite = Type.Number();

export const CameraInfoSchema = Type.Object(
  {
    v: Version,
    t: EpochMs,
    camera: CameraId,
    frameId: Type.String(),
    source: Type.String({ description: "camera source plug-in: v4l2, sim, replay, ..." }),
    device: Type.String(),
    width: Pixels,
    height: Pixels,
    fps: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    hasDepth: Type.Boolean(),
    distortionModel: Type.String(),
    D: Type.Array(Finite, { maxItems: 16 }),
    K: Type.Array(Finite, {
      minItems: 9,
      maxItems: 9,
      description: "row-major 3x3; K[0] = 0: uncalibrated",
    }),
    R: Type.Array(Finite, { minItems: 9, maxItems: 9 }),
    P: Type.Array(Finite, { minItems: 12, maxItems: 12 }),
    mount: CameraMountSchema,
  },
  { $id: "teleop.CameraInfo", description: "Intrinsics and mount of one camera" },
);

export const SceneObjectSchema = Type.Object({
  id: Type.String(),
  pose: PoseSchema,
  size: Type.Tuple([Finite, Finite, Finite], { description: "box extents, metres" }),
  grasped: Type.Boolean(),
});

export const SceneStateSchema = Type.Object(
  {
    v: Version,
    seq: Seq,
    t: EpochMs,
    frameId: Type.String({ description: "frame of the object poses (base)" }),
    objects: Type.Array(SceneObjectSchema, { maxItems: 64 }),
  },
  { $id: "teleop.SceneState", description: "Objects of the simulated world" },
);

export type CameraFrame = Static<typeof CameraFrameSchema>;
export type CameraDepth = Static<typeof CameraDepthSchema>;
export type CameraMount = Static<typeof CameraMountSchema>;
export type CameraInfo = Static<typeof CameraInfoSchema>;
export type SceneObject = Static<typeof SceneObjectSchema>;
export type SceneState = Static<typeof SceneStateSchema>;

export const CameraFrameMsg = defineMessage("teleop.CameraFrame", CameraFrameSchema);
export const CameraDepthMsg = defineMessage("teleop.CameraDepth", CameraDepthSchema);
export const CameraInfoMsg = defineMessage("teleop.CameraInfo", CameraInfoSchema);
export const SceneStateMsg = defineMessage("teleop.SceneState", SceneStateSchema);

/** The message each of a camera's streams (`<prefix>.camera.<id>.<stream>`) carries. */
export interface CameraStreamMessages {
  image: CameraFrame;
  depth: CameraDepth;
  info: CameraInfo;
}
export type CameraStream = keyof CameraStreamMessages;

const CAMERA_STREAM_TYPES: { [K in CameraStream]: MessageType<CameraStreamMessages[K]> } = {
  image: CameraFrameMsg,
  depth: CameraDepthMsg,
  info: CameraInfoMsg,
};

/** Decodes a message of one camera stream, with the camera frame size limit rather than the bus's small-message one. */
export function decodeCameraMessage<K extends CameraStream>(
  stream: K,
  data: Uint8Array,
): Decoded<CameraStreamMessages[K]> {
  return decode(CAMERA_STREAM_TYPES[stream], data, MAX_CAMERA_FRAME_BYTES);
}
