/**
 * JPEG framing without decoding (whether bytes are one whole JPEG, and its
 * size, are the recording package's jpeg.ts): a splitter that cuts an MJPEG
 * byte stream (ffmpeg's `-f mjpeg` output: JPEGs back to back) into frames.
 * The splitter walks the marker segments, so an EOI inside an APP segment
 * (an embedded EXIF thumbnail) does not end the frame early; inside the
 * entropy-coded data a 0xFF byte is always stuffed (FF 00) or a restart
 * marker (FF D0-D7), so the first other marker there is the real end.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

export interface SplitResult {
  frames: Uint8Array[];
  /** Bytes that were not part of any frame, or a frame given up on, each with a reason. */
  rejects: Array<{ kind: "garbage" | "oversized"; reason: string }>;
}

/** Cuts a byte stream of back-to-back JPEGs into frames, across chunk boundaries. */
export class MjpegSplitter {
  private buf: Uint8Array = new Uint8Array(0);
  /** Scan position inside the current frame (bytes before it are known not to end it). */
  private pos = 0;
  /** Inside entropy-coded data (after SOS). */
  private scan = false;
  private inFrame = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Uint8Array): SplitResult {
    const out: SplitResult = { frames: [], rejects: [] };
    this.append(chunk);
    for (;;) {
      if (!this.inFrame && !this.findStart(out)) return out;
      const end = this.findEnd();
      if (end === undefined) {
        if (this.buf.length > this.maxFrameBytes) {
          out.rejects.push({
            kind: "oversized",
            reason: `no end of frame within ${this.maxFrameBytes} bytes (a frame over the limit or a corrupt stream)`,
          });
          this.buf = new Uint8Array(0);
          this.reset();
        }
        return out;
      }
      // A view, not a copy: the buffer (a pipe chunk, or the splitter's own join of
      // several) is never written again.
      out.frames.push(this.buf.subarray(0, end));
      this.buf = this.buf.subarray(end);
      this.reset();
    }
  }

  private reset(): void {
    this.pos = 0;
    this.scan = false;
    this.inFrame = false;
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

  /** Drop bytes before the next SOI; false when no SOI is in the buffer yet. */
  private findStart(out: SplitResult): boolean {
    const b = this.buf;
    let i = 0;
    while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] === SOI)) i++;
    if (i + 1 >= b.length) {
      // Keep a trailing 0xFF: it may be the first half of the next SOI.
      const keep = b.length > 0 && b[b.length - 1] === 0xff ? 1 : 0;
      if (b.length - keep > 0) {
        out.rejects.push({
          kind: "garbage",
          reason: `${b.length - keep} bytes outside any JPEG (no SOI)`,
        });
      }
      this.buf = b.subarray(b.length - keep);
      return false;
    }
    if (i > 0)
      out.rejects.push({ kind: "garbage", reason: `${i} bytes before a JPEG start (SOI)` });
    this.buf = b.subarray(i);
    this.inFrame = true;
    this.pos = 2;
    return true;
  }

  /** Index just past the frame's EOI, or undefined when the frame is not complete yet. */
  private findEnd(): number | undefined {
    const b = this.buf;
    let i = this.pos;
    for (;;) {
      if (this.scan) {
        while (i + 1 < b.length) {
          // Native search for the next 0xFF: most of a frame is entropy-coded data.
          i = b.indexOf(0xff, i);
          if (i < 0) i = b.length;
          if (i + 1 >= b.length) break;
          if (b[i] === 0xff) {
            const m = b[i + 1]!;
            if (m === 0x00 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
              i += m === 0xff ? 1 : 2;
              continue;
            }
            this.scan = false;
            break;
          }
          i++;
        }
        if (this.scan) {
          this.pos = i;
          return undefined;
        }
      }
      if (i + 1 >= b.length) {
        this.pos = i;
        return undefined;
      }
      if (b[i] !== 0xff) {
        // Not a marker where one must be: resynchronise on the next SOI.
        this.pos = i;
        return this.resync(i);
      }
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      if (marker === EOI) return i + 2;
      // The next frame starts before this one ended: this one was cut short.
      if (marker === SOI) return i;
      if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        i += 2;
        continue;
      }
      if (i + 3 >= b.length) {
        this.pos = i;
        return undefined;
      }
      const len = (b[i + 2]! << 8) | b[i + 3]!;
      if (i + 2 + len > b.length) {
        this.pos = i;
        return undefined;
      }
      i += 2 + len;
      if (marker === SOS) this.scan = true;
    }
  }

  /** A broken frame: cut it off at the next SOI (the splitter's caller sees it as not a JPEG). */
  private resync(from: number): number | undefined {
    const b = this.buf;
    for (let j = from; j + 1 < b.length; j++) {
      if (b[j] === 0xff && b[j + 1] === SOI) return j;
    }
    return undefined;
  }
}
