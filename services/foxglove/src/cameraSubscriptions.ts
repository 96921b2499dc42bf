/**
 * Every camera's streams (`<prefix>.camera.*.{image,depth,info}`), decoded
 * with the camera frame size limit rather than the bus's small-message one.
 */
import type { Bus } from "@teleop/shared/bus";
import {
  type CameraDepth,
  type CameraFrame,
  type CameraInfo,
  type CameraStream,
  type CameraStreamMessages,
  decodeCameraMessage,
} from "@teleop/shared/cameraMessages";
import type { Rejection } from "@teleop/shared/Latest";

export interface CameraHandlers {
  image(frame: CameraFrame): void;
  depth(depth: CameraDepth): void;
  info(info: CameraInfo): void;
  rejected(r: Rejection): void;
}

/** Logs a refused camera message at most once a second per subject (a bad camera sends 30 a second). */
function rateLimitedWarn(bus: Bus): (subject: string, reason: string) => void {
  const last = new Map<string, number>();
  return (subject, reason) => {
    const t = Date.now();
    if (t - (last.get(subject) ?? 0) < 1000) return;
    last.set(subject, t);
    bus.log.warn(`rejected message on ${subject}: ${reason}`);
  };
}

export function subscribeCameras(bus: Bus, h: CameraHandlers): void {
  const s = bus.subjects;
  const warn = rateLimitedWarn(bus);
  const refuse = (subject: string, r: Rejection) => {
    warn(subject, r.reason);
    h.rejected(r);
  };
  const on = <K extends CameraStream>(
    subject: string,
    stream: K,
    handler: (value: CameraStreamMessages[K]) => void,
  ) =>
    bus.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        const r = decodeCameraMessage(stream, msg.data);
        if (!r.ok) refuse(msg.subject, r);
        // The id in the subject and in the message name the same camera, or the message is refused.
        else if (msg.subject.split(".").at(-2) !== r.value.camera)
          refuse(msg.subject, {
            kind: "invalid",
            reason: `camera "${r.value.camera}" published on another camera's subject`,
          });
        else handler(r.value);
      },
    });
  on(s.cameraImage("*"), "image", h.image);
  on(s.cameraDepth("*"), "depth", h.depth);
  on(s.cameraInfo("*"), "info", h.info);
}
