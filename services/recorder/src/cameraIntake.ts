/**
 * What arrives on `teleop.camera.<id>.{image,depth,info}`, judged before it
 * goes near a recording: the payload decoded with the camera size limit,
 * checked against the subject's message type, the camera id in the message
 * against the one in the subject, a colour frame for its JPEG markers, a depth
 * frame for its pixel count. Pure: bytes and subject in, a message or a
 * reason out.
 */
import { jpegProblem } from "@teleop/recording/jpeg";
import {
  type CameraDepth,
  type CameraFrame,
  type CameraInfo,
  decodeCameraMessage,
} from "@teleop/shared/cameraMessages";
import type { RejectKind } from "@teleop/shared/codec";

export type CameraInput =
  | { ok: true; kind: "image"; camera: string; value: CameraFrame }
  | { ok: true; kind: "depth"; camera: string; value: CameraDepth }
  | { ok: true; kind: "info"; camera: string; value: CameraInfo };

export interface CameraRefusal {
  ok: false;
  /** The camera named by the subject, when the subject was a camera subject. */
  camera?: string;
  kind: RejectKind | "jpeg" | "mismatch" | "subject";
  reason: string;
}

const KINDS = ["image", "depth", "info"] as const;
type Kind = (typeof KINDS)[number];

/** The camera id and stream of `<prefix>.camera.<id>.<kind>`, or undefined. */
export function parseCameraSubject(
  prefix: string,
  subject: string,
): { camera: string; kind: Kind } | undefined {
  const head = `${prefix}.camera.`;
  if (!subject.startsWith(head)) return undefined;
  const rest = subject.slice(head.length).split(".");
  if (rest.length !== 2) return undefined;
  const [camera, kind] = rest as [string, string];
  return (KINDS as readonly string[]).includes(kind) ? { camera, kind: kind as Kind } : undefined;
}

export function judgeCameraInput(
  prefix: string,
  subject: string,
  data: Uint8Array,
): CameraInput | CameraRefusal {
  const where = parseCameraSubject(prefix, subject);
  if (!where) return { ok: false, kind: "subject", reason: `not a camera subject: ${subject}` };
  const { camera, kind } = where;
  const refuse = (k: CameraRefusal["kind"], reason: string): CameraRefusal => ({
    ok: false,
    camera,
    kind: k,
    reason,
  });
  const r = decodeCameraMessage<Kind>(kind, data);
  if (!r.ok) return refuse(r.kind, r.reason);
  if (r.value.camera !== camera) {
    return refuse("mismatch", `message names camera "${r.value.camera}" on ${subject}`);
  }
  if (kind === "image") {
    const f = r.value as CameraFrame;
    const bad = jpegProblem(f.data);
    return bad ? refuse("jpeg", bad) : { ok: true, kind, camera, value: f };
  }
  if (kind === "depth") {
    const d = r.value as CameraDepth;
    const want = d.width * d.height * 2;
    if (d.data.length !== want) {
      return refuse(
        "invalid",
        `depth of ${d.width}x${d.height} needs ${want} bytes, got ${d.data.length}`,
      );
    }
    return { ok: true, kind, camera, value: d };
  }
  return { ok: true, kind, camera, value: r.value as CameraInfo };
}
