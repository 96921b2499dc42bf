/**
 * The newest JPEG of every camera (teleop.camera.<id>.image) with its rate
 * and age, for the dashboard's thumbnails. Only the newest frame is kept:
 * the page fetches it at its own pace.
 */
import type { CameraFrame } from "@teleop/shared/cameraMessages";

/** Frame rate is measured over this much recent capture time. */
export const FPS_WINDOW_MS = 2000;

export interface CameraView {
  id: string;
  width: number;
  height: number;
  seq: number;
  bytes: number;
  /** Frames per second over the last two seconds of capture times; null with fewer than two. */
  fps: number | null;
  /** Since capture (the frame's own t). */
  ageMs: number;
}

interface Entry {
  frame: CameraFrame;
  times: number[];
}

/** JPEG starts with SOI (FF D8): anything else is not shown as one. */
export function isJpeg(data: Uint8Array): boolean {
  return data.length > 3 && data[0] === 0xff && data[1] === 0xd8;
}

export class CameraBook {
  private readonly cams = new Map<string, Entry>();

  /** false when the payload is not a JPEG (the caller counts it). */
  frame(f: CameraFrame): boolean {
    if (!isJpeg(f.data)) return false;
    const e = this.cams.get(f.camera) ?? { frame: f, times: [] };
    e.frame = f;
    e.times.push(f.t);
    while (e.times.length > 2 && e.times[0]! < f.t - FPS_WINDOW_MS) e.times.shift();
    this.cams.set(f.camera, e);
    return true;
  }

  jpeg(id: string): Uint8Array | undefined {
    return this.cams.get(id)?.frame.data;
  }

  views(at: number): CameraView[] {
    return [...this.cams.values()]
      .map(({ frame: f, times }) => {
        const span = times.length > 1 ? times.at(-1)! - times[0]! : 0;
        return {
          id: f.camera,
          width: f.width,
          height: f.height,
          seq: f.seq,
          bytes: f.data.length,
          fps: span > 0 ? ((times.length - 1) * 1000) / span : null,
          ageMs: at - f.t,
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}
