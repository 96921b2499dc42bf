/**
 * Capture times for the frames ffmpeg passes through. ffmpeg writes them as
 * SMJPEG (smjpeg.ts) with `-copyts`, so each frame carries its pts in
 * milliseconds (the low 32 bits). A v4l2 device read with `-timestamps abs`
 * has pts in wall-clock time (ffmpeg converts the kernel's monotonic buffer
 * times); other inputs (a test source, a file) count from 0 and are mapped
 * to epoch by the smallest arrival-minus-pts seen, i.e. the least delayed
 * frame. The container's millisecond resolution rounds a device's
 * microsecond timestamps by at most 0.5 ms.
 */

/** Within this of the arrival time, pts are wall-clock already. */
const EPOCH_WINDOW_MS = 10_000;

const WRAP = 2 ** 32;

/** The value congruent to `pts32` modulo 2^32 nearest `arrivalMs` (32 bits of ms wrap every 49.7 days). */
export function nearestPts(pts32: number, arrivalMs: number): number {
  return pts32 + Math.round((arrivalMs - pts32) / WRAP) * WRAP;
}

/**
 * Maps a device's presentation times to epoch ms: wall-clock pts (within
 * the epoch window of the first frame's arrival) are kept, whole; counting
 * pts are mapped.
 */
export class DeviceClock {
  private offset: number | undefined;
  epoch: boolean | undefined;

  private lastPts: number | undefined;
  private lastT: number | undefined;

  /** Epoch ms of a frame whose SMJPEG pts is `pts32`, arrived at `arrivalMs`. */
  map(pts32: number, arrivalMs: number): number {
    const wall = nearestPts(pts32, arrivalMs);
    this.epoch ??= Math.abs(arrivalMs - wall) < EPOCH_WINDOW_MS;
    if (this.epoch) return wall;
    // The input started over (a looped file): its clock begins again.
    if (this.lastPts !== undefined && pts32 <= this.lastPts) this.offset = undefined;
    this.lastPts = pts32;
    const o = arrivalMs - pts32;
    if (this.offset === undefined || o < this.offset) this.offset = o;
    // A step of the mapping never puts a frame before the one already sent.
    const t = Math.max(pts32 + this.offset, (this.lastT ?? 0) + 0.001);
    this.lastT = t;
    return t;
  }
}
