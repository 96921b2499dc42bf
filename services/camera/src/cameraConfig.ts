/**
 * The cameras file (`CAMERAS_CONFIG`, JSON or YAML, in the spirit of the
 * replaced server's camera config and camera_transforms.yaml): per camera an
 * id, a source and its settings, the size and rate, the mount, and the
 * intrinsics when known. Parsed and checked in one pass; every problem names
 * the camera and the field.
 */
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { CAMERA_ID_PATTERN } from "@teleop/shared/cameraMessages";
import { QuatSchema, Vec3Schema } from "@teleop/shared/messages";

/** JPEG quality (ffmpeg -q:v) where a camera encodes and its config names none. */
export const DEFAULT_JPEG_QUALITY = 5;

const Intrinsics = Type.Object(
  {
    fx: Type.Number({ exclusiveMinimum: 0 }),
    fy: Type.Number({ exclusiveMinimum: 0 }),
    cx: Type.Number(),
    cy: Type.Number(),
    distortionModel: Type.Optional(Type.String()),
    D: Type.Optional(Type.Array(Type.Number(), { maxItems: 16 })),
  },
  { additionalProperties: false },
);

const Mount = Type.Object(
  {
    parent: Type.String({ minLength: 1, description: "base (fixed) or fr3_hand (wrist)" }),
    translation: Vec3Schema,
    rotation: QuatSchema,
    frameId: Type.String({ minLength: 1, description: "optical frame, e.g. camera_scene" }),
  },
  { additionalProperties: false },
);

export const CameraConfigSchema = Type.Object(
  {
    id: Type.String({ pattern: CAMERA_ID_PATTERN }),
    enabled: Type.Optional(Type.Boolean()),
    source: Type.String({ minLength: 1 }),
    width: Type.Integer({ minimum: 16, maximum: 16384 }),
    height: Type.Integer({ minimum: 16, maximum: 16384 }),
    fps: Type.Number({ exclusiveMinimum: 0, maximum: 240 }),
    mount: Mount,
    intrinsics: Type.Optional(Intrinsics),
    /** Horizontal field of view for intrinsics when none are given (sim cameras, rough guesses). */
    fovDeg: Type.Optional(Type.Number({ exclusiveMinimum: 1, exclusiveMaximum: 179 })),
    /** Publish depth (16UC1 mm) where the source has it. */
    depth: Type.Optional(Type.Boolean()),
    /** JPEG quality where the camera encodes (ffmpeg -q:v: 2 best .. 31 worst). */
    quality: Type.Optional(Type.Integer({ minimum: 2, maximum: 31 })),
    /** v4l2: the device node. */
    device: Type.Optional(Type.String({ minLength: 1 })),
    /** v4l2: what to ask the device for; auto = MJPEG when it offers it, else raw (encoded here). */
    format: Type.Optional(
      Type.Union([Type.Literal("auto"), Type.Literal("mjpeg"), Type.Literal("raw")]),
    ),
    /** v4l2: ffmpeg input arguments used instead of the device (an IP camera, a file, a test source). */
    input: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    /** replay: the recording, the camera id in it, speed and looping. */
    file: Type.Optional(Type.String({ minLength: 1 })),
    recordedId: Type.Optional(Type.String({ pattern: CAMERA_ID_PATTERN })),
    speed: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    loop: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export type CameraConfig = Static<typeof CameraConfigSchema>;

const FileSchema = Type.Object(
  { cameras: Type.Array(Type.Unknown(), { maxItems: 32 }) },
  { additionalProperties: false },
);

export class CameraConfigError extends Error {}

/** Parse JSON or YAML text (by extension; YAML through Bun's own parser). */
export function parseConfigText(text: string, path: string): unknown {
  try {
    return /\.ya?ml$/i.test(path) ? Bun.YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new CameraConfigError(`${path}: cannot parse: ${(err as Error).message}`);
  }
}

function firstError(schema: Parameters<typeof Value.Errors>[0], value: unknown): string {
  const e = Value.Errors(schema, value).First();
  if (!e) return "invalid";
  return `${e.path || "/"}: ${e.message}`;
}

/**
 * The cameras of a parsed file: `enabled: false` ones left out. Throws a
 * CameraConfigError naming the camera (by index and id) and the field.
 */
export function camerasFromValue(value: unknown, path: string, sources: string[]): CameraConfig[] {
  if (!Value.Check(FileSchema, value)) {
    throw new CameraConfigError(
      `${path}: expected { cameras: [...] }; ${firstError(FileSchema, value)}`,
    );
  }
  const out: CameraConfig[] = [];
  const ids = new Set<string>();
  value.cameras.forEach((raw, i) => {
    const name = `${path}: cameras[${i}]${typeof (raw as { id?: unknown })?.id === "string" ? ` (${(raw as { id: string }).id})` : ""}`;
    if (!Value.Check(CameraConfigSchema, raw)) {
      throw new CameraConfigError(`${name}${firstError(CameraConfigSchema, raw)}`);
    }
    if (ids.has(raw.id)) throw new CameraConfigError(`${name}: id "${raw.id}" is used twice`);
    ids.add(raw.id);
    if (!sources.includes(raw.source)) {
      throw new CameraConfigError(
        `${name}: unknown source "${raw.source}" (one of ${sources.join(", ")})`,
      );
    }
    if (raw.enabled !== false) out.push(raw);
  });
  return out;
}

export async function loadCamerasConfig(path: string, sources: string[]): Promise<CameraConfig[]> {
  const file = Bun.file(path);
  if (!(await file.exists())) throw new CameraConfigError(`${path} does not exist`);
  return camerasFromValue(parseConfigText(await file.text(), path), path, sources);
}
