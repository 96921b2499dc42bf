/**
 * Capture times for the frames ffmpeg passes through. ffmpeg's `-f mjpeg`
 * output carries no timestamps, so ffmpeg runs with `-debug_ts -copyts`:
 * for every packet it writes it prints a `muxer <-` line on stderr with the
 * packet's pts (in the stream's time base) and size. A v4l2 device read
 * with `-timestamps abs` has pts in epoch microseconds (ffmpeg converts the
 * kernel's monotonic buffer times to wall clock); other inputs (a test
 * source, a file) count from 0 and are mapped to epoch by the smallest
 * arrival-minus-pts seen, i.e. the least delayed frame. Frames and lines
 * are paired in order and checked by size.
 */

export interface PacketLine {
  pts: number;
  ptsTime: number;
  size: number;
}

const MUXER_RE = /^muxer <- type:video pkt_pts:(-?\d+) pkt_pts_time:(\S+) .*\bsize:(\d+)/;

export function parseMuxerLine(line: string): PacketLine | undefined {
  const m = MUXER_RE.exec(line);
  if (!m) return undefined;
  const ptsTime = Number(m[2]);
  if (!Number.isFinite(ptsTime)) return undefined;
  return { pts: Number(m[1]), ptsTime, size: Number(m[3]) };
}

const COMMON_TIME_BASES = [1000, 90_000, 1_000_000, 1_000_000_000];

/**
 * Ticks per second of the stream's time base from one packet: pkt_pts_time
 * is printed with 6 significant digits, so large time bases snap to the
 * common ones.
 */
export function timeBaseOf(p: PacketLine): number | undefined {
  if (p.pts === 0 || p.ptsTime === 0) return undefined;
  const estimate = p.pts / p.ptsTime;
  for (const tb of COMMON_TIME_BASES) if (Math.abs(estimate / tb - 1) < 0.01) return tb;
  return Math.round(estimate);
}

/** Within this of the arrival time, pts are wall-clock already. */
const EPOCH_WINDOW_MS = 10_000;

/** Maps a device's presentation times (ms) to epoch ms. */
export class DeviceClock {
  private offset: number | undefined;
  epoch: boolean | undefined;

  private lastPts: number | undefined;
  private lastT: number | undefined;

  map(ptsMs: number, arrivalMs: number): number {
    if (this.epoch === undefined) this.epoch = Math.abs(arrivalMs - ptsMs) < EPOCH_WINDOW_MS;
    if (this.epoch) return ptsMs;
    // The input started over (a looped file): its clock begins again.
    if (this.lastPts !== undefined && ptsMs <= this.lastPts) this.offset = undefined;
    this.lastPts = ptsMs;
    const o = arrivalMs - ptsMs;
    if (this.offset === undefined || o < this.offset) this.offset = o;
    // A step of the mapping never puts a frame before the one already sent.
    const t = Math.max(ptsMs + this.offset, (this.lastT ?? 0) + 0.001);
    this.lastT = t;
    return t;
  }
}

/** Frames waiting for their packet line beyond this many are sent with their arrival time. */
const MAX_WAITING = 3;
const MAX_LINES = 64;

export interface TimedFrame {
  jpeg: Uint8Array;
  t: number;
  /** Whether t came from the packet's pts (else: arrival time). */
  fromPts: boolean;
}

/** Pairs stdout frames with stderr packet lines, in order, checked by size. */
export class PacketTimes {
  private readonly lines: PacketLine[] = [];
  private readonly frames: Array<{ jpeg: Uint8Array; at: number }> = [];
  private tb: number | undefined;
  private readonly clock = new DeviceClock();
  mismatches = 0;

  get epoch(): boolean | undefined {
    return this.clock.epoch;
  }

  line(l: PacketLine): TimedFrame[] {
    this.tb ??= timeBaseOf(l);
    this.lines.push(l);
    // Lines no frame matches (a frame lost in between) must not pile up.
    if (this.lines.length > MAX_LINES) this.lines.shift();
    return this.drain();
  }

  frame(jpeg: Uint8Array, at: number): TimedFrame[] {
    this.frames.push({ jpeg, at });
    return this.drain();
  }

  private drain(): TimedFrame[] {
    const out: TimedFrame[] = [];
    while (this.frames.length > 0) {
      const f = this.frames[0]!;
      const i = this.lines.findIndex((l) => l.size === f.jpeg.length);
      if (i < 0) {
        if (this.frames.length <= MAX_WAITING) break;
        this.frames.shift();
        out.push({ jpeg: f.jpeg, t: f.at, fromPts: false });
        continue;
      }
      if (i > 0) this.mismatches += i;
      const l = this.lines.splice(0, i + 1)[i]!;
      this.frames.shift();
      const ptsMs = this.tb === undefined ? l.ptsTime * 1000 : (l.pts / this.tb) * 1000;
      out.push({ jpeg: f.jpeg, t: this.clock.map(ptsMs, f.at), fromPts: true });
    }
    return out;
  }
}
