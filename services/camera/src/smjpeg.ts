/**
 * Reads ffmpeg's `-f smjpeg` output (Loki's SMJPEG): a header (magic,
 * version, duration, `_TXT`/`_VID`/`_SND` sections with their sizes, then
 * `HEND`), then one chunk per packet: a tag (`vidD` video, `sndD` audio),
 * the pts in milliseconds (its low 32 bits), the size, the bytes; `DONE` at
 * the end. Each frame arrives with its size and time, so nothing scans the
 * JPEG for its end and ffmpeg prints no per-packet lines (`-debug_ts`) to
 * learn its time: the pass-through camera's cheapest framing (BENCHMARKS.md).
 * Pure: bytes in, frames and refusals out.
 */

export interface SmjpegFrame {
  /** The packet's bytes: a view of the pipe chunk when the packet lies inside one. */
  data: Uint8Array;
  /** The pts in milliseconds modulo 2^32 (the v4l2 source's packetTimes.ts unwraps it). */
  pts32: number;
}

export interface SmjpegResult {
  frames: SmjpegFrame[];
  rejects: Array<{ kind: "garbage" | "oversized"; reason: string }>;
}

const MAGIC = [0x00, 0x0a, 0x53, 0x4d, 0x4a, 0x50, 0x45, 0x47]; // "\0\nSMJPEG"
/** Magic, version and duration. */
const PREAMBLE_BYTES = 16;
const CHUNK_HEADER_BYTES = 12;

const tag = (s: string) =>
  (s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3);
const HEND = tag("HEND");
const VIDD = tag("vidD");
const SNDD = tag("sndD");
const DONE = tag("DONE");

const u32 = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

export class SmjpegReader {
  private buf: Uint8Array = new Uint8Array(0);
  private inHeader = true;
  /** Bytes of a refused (oversized) packet still to drop. */
  private skipping = 0;
  /** `DONE` seen: the stream ended cleanly. */
  ended = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Uint8Array): SmjpegResult {
    const out: SmjpegResult = { frames: [], rejects: [] };
    this.append(chunk);
    if (this.inHeader && !this.readHeader(out)) return out;
    for (;;) {
      if (this.skipping > 0) {
        const n = Math.min(this.skipping, this.buf.length);
        this.skipping -= n;
        this.buf = this.buf.subarray(n);
        if (this.skipping > 0) return out;
      }
      const b = this.buf;
      if (b.length < 4) return out;
      const t = u32(b, 0) | 0;
      if (t === DONE) {
        this.ended = true;
        this.buf = b.subarray(4);
        continue;
      }
      if (t !== VIDD && t !== SNDD) {
        this.resync(out);
        continue;
      }
      if (b.length < CHUNK_HEADER_BYTES) return out;
      const size = u32(b, 8);
      if (t === VIDD && size > this.maxFrameBytes) {
        out.rejects.push({
          kind: "oversized",
          reason: `a frame of ${size} bytes is over the ${this.maxFrameBytes}-byte limit`,
        });
        this.buf = b.subarray(CHUNK_HEADER_BYTES);
        this.skipping = size;
        continue;
      }
      if (b.length < CHUNK_HEADER_BYTES + size) return out;
      const end = CHUNK_HEADER_BYTES + size;
      // A view, not a copy: the buffer (a pipe chunk, or this reader's join of
      // several) is never written again.
      if (t === VIDD)
        out.frames.push({ data: b.subarray(CHUNK_HEADER_BYTES, end), pts32: u32(b, 4) });
      this.buf = b.subarray(end);
    }
  }

  private append(chunk: Uint8Array): void {
    if (this.buf.length === 0) {
      this.buf = chunk;
      return;
    }
    const next = new Uint8Array(this.buf.length + chunk.length);
    next.set(this.buf, 0);
    next.set(chunk, this.buf.length);
    this.buf = next;
  }

  /** Consumes the header once it is all in; false while it is not. */
  private readHeader(out: SmjpegResult): boolean {
    const b = this.buf;
    if (b.length < PREAMBLE_BYTES) return false;
    if (MAGIC.some((m, i) => b[i] !== m)) {
      out.rejects.push({
        kind: "garbage",
        reason: "the stream does not start with SMJPEG's magic",
      });
      this.inHeader = false;
      return true;
    }
    let i = PREAMBLE_BYTES;
    for (;;) {
      if (b.length < i + 4) return false;
      if ((u32(b, i) | 0) === HEND) break;
      if (b.length < i + 8) return false;
      i += 8 + u32(b, i + 4);
    }
    this.buf = b.subarray(i + 4);
    this.inHeader = false;
    return true;
  }

  /** Drops bytes up to the next `vidD` tag (or all but a possible partial tag). */
  private resync(out: SmjpegResult): void {
    const b = this.buf;
    let i = 1;
    while (i + 4 <= b.length && (u32(b, i) | 0) !== VIDD) i++;
    const drop = i + 4 <= b.length ? i : Math.max(1, b.length - 3);
    out.rejects.push({ kind: "garbage", reason: `${drop} bytes that are not an SMJPEG chunk` });
    this.buf = b.subarray(drop);
  }
}
