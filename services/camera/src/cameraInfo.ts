/**
 * A camera's CameraInfo (teleop.camera.<id>.info): intrinsics from the
 * config, or a pinhole derived from its field of view (sim cameras), or
 * marked uncalibrated (K[0] = 0) when neither is known; and its mount.
 */
import type { CameraInfo } from "@teleop/shared/cameraMessages";
import type { CameraConfig } from "./cameraConfig";

export interface Pinhole {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

/** Square pixels, principal point at the image centre (pixel centres at +0.5). */
export function pinholeFromFov(width: number, height: number, fovDeg: number): Pinhole {
  const fx = width / 2 / Math.tan((fovDeg * Math.PI) / 360);
  return { fx, fy: fx, cx: width / 2, cy: height / 2 };
}

/** The camera's pinhole, or undefined when it is uncalibrated. */
export function pinholeOf(c: CameraConfig): Pinhole | undefined {
  if (c.intrinsics) return c.intrinsics;
  return c.fovDeg === undefined ? undefined : pinholeFromFov(c.width, c.height, c.fovDeg);
}

export function cameraInfo(c: CameraConfig, hasDepth: boolean, t: number): CameraInfo {
  const p = pinholeOf(c) ?? { fx: 0, fy: 0, cx: 0, cy: 0 };
  return {
    v: 1,
    t,
    camera: c.id,
    frameId: c.mount.frameId,
    source: c.source,
    device: c.device ?? c.file ?? c.source,
    width: c.width,
    height: c.height,
    fps: c.fps,
    hasDepth,
    distortionModel: c.intrinsics?.distortionModel ?? "plumb_bob",
    D: c.intrinsics?.D ?? [0, 0, 0, 0, 0],
    K: [p.fx, 0, p.cx, 0, p.fy, p.cy, 0, 0, 1],
    R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    P: [p.fx, 0, p.cx, 0, 0, p.fy, p.cy, 0, 0, 0, 1, 0],
    mount: {
      parent: c.mount.parent,
      translation: [...c.mount.translation],
      rotation: [...c.mount.rotation],
    },
  };
}
