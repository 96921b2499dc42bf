/**
 * What the recorder's health says about cameras: per camera the frames taken
 * in, the messages refused and why (last reason), the age of its last frame;
 * and a limiter so a flood of bad frames logs one line a second per camera.
 */
export interface CameraHealthEntry {
  frames: number;
  depth: number;
  infos: number;
  refused: number;
  lastReason?: string;
  lastFrameAt?: number;
}

export class CameraHealth {
  private readonly cams = new Map<string, CameraHealthEntry>();
  private readonly lastLog = new Map<string, { at: number; suppressed: number }>();

  private entry(camera: string): CameraHealthEntry {
    let e = this.cams.get(camera);
    if (!e) {
      e = { frames: 0, depth: 0, infos: 0, refused: 0 };
      this.cams.set(camera, e);
    }
    return e;
  }

  accepted(camera: string, kind: "image" | "depth" | "info", atMs: number): void {
    const e = this.entry(camera);
    if (kind === "image") {
      e.frames++;
      e.lastFrameAt = atMs;
    } else if (kind === "depth") e.depth++;
    else e.infos++;
  }

  refused(camera: string, reason: string): void {
    const e = this.entry(camera);
    e.refused++;
    e.lastReason = reason;
  }

  /**
   * Whether a refusal on `key` should be logged now: the first, then one a
   * second, with how many were not logged in between.
   */
  logNow(key: string, atMs: number): { log: boolean; suppressed: number } {
    const last = this.lastLog.get(key);
    if (last && atMs - last.at < 1000) {
      last.suppressed++;
      return { log: false, suppressed: 0 };
    }
    this.lastLog.set(key, { at: atMs, suppressed: 0 });
    return { log: true, suppressed: last?.suppressed ?? 0 };
  }

  /** Health detail: per camera its counts and the age of its last frame (ms). */
  detail(atMs: number): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [camera, e] of [...this.cams].sort(([a], [b]) => a.localeCompare(b))) {
      out[camera] = {
        frames: e.frames,
        depth: e.depth,
        infos: e.infos,
        refused: e.refused,
        lastReason: e.lastReason,
        frameAgeMs: e.lastFrameAt === undefined ? null : Math.round(atMs - e.lastFrameAt),
      };
    }
    return out;
  }
}
