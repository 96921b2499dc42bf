/** The camera service's options (environment variable or flag), on top of the common ones. */
import { join } from "node:path";
import { num, str } from "@teleop/shared/config";

/** The default cameras: a simulated scene camera and a simulated wrist camera. */
export const DEFAULT_CAMERAS_CONFIG = join(import.meta.dir, "..", "cameras.yaml");

export const cameraSpecs = {
  camerasConfig: str({
    env: "CAMERAS_CONFIG",
    default: DEFAULT_CAMERAS_CONFIG,
    help: "cameras file (JSON or YAML): id, source, size, fps, mount, intrinsics per camera",
  }),
  ffmpegPath: str({
    env: "FFMPEG_PATH",
    default: "ffmpeg",
    help: "ffmpeg executable (capture from UVC devices, JPEG encoding of simulated cameras)",
  }),
  cameraStallMs: num({
    env: "CAMERA_STALL_MS",
    default: 1000,
    min: 50,
    max: 60_000,
    help: "a camera with no frame for this long is reported stalled (health degraded), ms",
  }),
};
