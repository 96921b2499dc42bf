/**
 * What a camera frame must be before it is published: a whole JPEG (SOI ..
 * EOI), within the size limit, later than the previous frame, and not part
 * of a flood (more frames than the camera's rate allows, with a burst of
 * half a second). Depth must hold width * height 16-bit pixels. Pure: the
 * caller counts and logs the refusals.
 */
import { hasJpegMarkers } from "@teleop/recording/jpeg";

export type RefusalKind = "corrupt" | "oversized" | "time" | "flood" | "depth";

export interface Refusal {
  kind: RefusalKind;
  reason: string;
}

export interface GateOptions {
  fps: number;
  maxBytes: number;
}

/** A source may run this much faster than its configured rate before frames are refused. */
const FLOOD_FACTOR = 1.5;

export class FrameGate {
  private lastT: number | undefined;
  private tokens: number;
  private readonly burst: number;
  private refilledAt: number | undefined;

  constructor(private readonly o: GateOptions) {
    this.burst = Math.max(2, o.fps / 2);
    this.tokens = this.burst;
  }

  /** Refusal of a colour frame captured at `t` and handed over at `at`, or undefined to publish it. */
  check(jpeg: Uint8Array, t: number, at: number): Refusal | undefined {
    if (jpeg.length > this.o.maxBytes) {
      return {
        kind: "oversized",
        reason: `frame of ${jpeg.length} bytes is over the ${this.o.maxBytes}-byte limit`,
      };
    }
    if (!hasJpegMarkers(jpeg)) {
      return {
        kind: "corrupt",
        reason: `not a whole JPEG (${jpeg.length} bytes, missing the SOI or EOI marker)`,
      };
    }
    if (!Number.isFinite(t) || (this.lastT !== undefined && t <= this.lastT)) {
      return {
        kind: "time",
        reason: `capture time ${t} is not after the previous frame's ${this.lastT}`,
      };
    }
    if (!this.take(at)) {
      return {
        kind: "flood",
        reason: `frames arrive faster than ${FLOOD_FACTOR} x the camera's ${this.o.fps} fps`,
      };
    }
    this.lastT = t;
    return undefined;
  }

  checkDepth(depth: Uint8Array, width: number, height: number): Refusal | undefined {
    if (depth.length !== width * height * 2) {
      return {
        kind: "depth",
        reason: `depth of ${depth.length} bytes is not ${width}x${height} 16-bit pixels`,
      };
    }
    return undefined;
  }

  private take(at: number): boolean {
    if (this.refilledAt !== undefined) {
      const add = ((at - this.refilledAt) / 1000) * this.o.fps * FLOOD_FACTOR;
      this.tokens = Math.min(this.burst, this.tokens + Math.max(0, add));
    }
    this.refilledAt = at;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}
