/**
 * One camera's side of the bus: checks each frame (FrameGate), stamps seq,
 * publishes CameraFrame / CameraDepth, publishes CameraInfo at 1 Hz and when
 * it changes, and keeps the camera's figures for health. Every refusal is
 * counted under `<id>.rejected.<kind>` and logged at most once a second per
 * kind, with the number left unlogged.
 */

import { jpegSize } from "@teleop/recording/jpeg";
import type { Bus } from "@teleop/shared/bus";
import type { CameraDepth, CameraFrame, CameraInfo } from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import { encodeFlat } from "@teleop/shared/flatMsgpack";
import type { Logger } from "@teleop/shared/log";
import { type Counters, RateMeter } from "@teleop/shared/stats";
import type { CameraSink, CapturedFrame } from "./CameraSource";
import type { CameraConfig } from "./cameraConfig";
import { cameraInfo } from "./cameraInfo";
import { FrameGate } from "./FrameGate";

export type CameraState = "starting" | "streaming" | "stalled" | "lost" | "failed";

export interface PublisherOptions {
  camera: CameraConfig;
  hasDepth: boolean;
  bus: Bus;
  counters: Counters;
  log: Logger;
  /** Largest encoded message the NATS server takes (its max_payload). */
  maxPayload: number;
  /** Largest JPEG the contract allows. */
  maxFrameBytes: number;
  /** No frame for this long: the camera counts as stalled. */
  stallMs: number;
}

export class CameraPublisher implements CameraSink {
  private readonly gate: FrameGate;
  private readonly rate = new RateMeter(2000);
  private seq = 0;
  private depthSeq = 0;
  private lastFrameAt: number | undefined;
  private lastLatencyMs: number | undefined;
  private info: CameraInfo;
  private up = false;
  private failure: string | undefined;
  private lostReason: string | undefined;
  private readonly logged = new Map<string, { at: number; suppressed: number }>();
  readonly id: string;

  constructor(private readonly o: PublisherOptions) {
    this.id = o.camera.id;
    this.gate = new FrameGate({ fps: o.camera.fps, maxBytes: o.maxFrameBytes });
    this.info = cameraInfo(o.camera, o.hasDepth, now());
  }

  frame(f: CapturedFrame): void {
    const at = now();
    const refusal = this.gate.check(f.jpeg, f.t, at);
    if (refusal) {
      this.reject(refusal.kind, refusal.reason);
      return;
    }
    const size = jpegSize(f.jpeg) ?? { width: this.info.width, height: this.info.height };
    if (size.width !== this.info.width || size.height !== this.info.height) {
      this.o.log.warn(`camera ${this.id}: frames are ${size.width}x${size.height}`, {
        configured: `${this.o.camera.width}x${this.o.camera.height}`,
      });
      this.info = { ...this.info, width: size.width, height: size.height };
      this.publishInfo();
    }
    const msg: CameraFrame = {
      v: 1,
      seq: this.seq,
      t: f.t,
      camera: this.id,
      frameId: this.info.frameId,
      format: "jpeg",
      width: size.width,
      height: size.height,
      data: f.jpeg,
    };
    if (!this.send(this.o.bus.subjects.cameraImage(this.id), msg, "frame")) return;
    this.seq++;
    this.o.counters.inc(`${this.id}.frames`);
    this.rate.mark(at);
    this.lastFrameAt = at;
    this.lastLatencyMs = at - f.t;
    if (f.depth && this.o.hasDepth) this.depth(f.t, f.depth, size.width, size.height);
  }

  private depth(t: number, data: Uint8Array, width: number, height: number): void {
    const refusal = this.gate.checkDepth(data, width, height);
    if (refusal) {
      this.reject(refusal.kind, refusal.reason);
      return;
    }
    const msg: CameraDepth = {
      v: 1,
      seq: this.depthSeq,
      t,
      camera: this.id,
      frameId: this.info.frameId,
      encoding: "16UC1",
      width,
      height,
      data,
    };
    if (this.send(this.o.bus.subjects.cameraDepth(this.id), msg, "depth")) {
      this.depthSeq++;
      this.o.counters.inc(`${this.id}.depthFrames`);
    }
  }

  /** Publish unless the encoded message is over the server's max_payload. */
  private send(subject: string, msg: CameraFrame | CameraDepth, what: string): boolean {
    const bytes = encodeFlat(msg);
    if (bytes.length > this.o.maxPayload) {
      this.reject(
        "oversized",
        `${what} message of ${bytes.length} bytes is over the NATS server's max_payload of ${this.o.maxPayload}`,
      );
      return false;
    }
    this.o.bus.nc.publish(subject, bytes);
    return true;
  }

  reject(kind: string, reason: string): void {
    this.o.counters.inc(`${this.id}.rejected.${kind}`);
    // A device that cannot even start counts as lost until it streams.
    if (kind === "start" && !this.up) this.lostReason = reason;
    const t = Date.now();
    const entry = this.logged.get(kind);
    if (entry && t - entry.at < 1000) {
      entry.suppressed++;
      return;
    }
    this.logged.set(kind, { at: t, suppressed: 0 });
    this.o.log.warn(`camera ${this.id}: refused ${kind}: ${reason}`, {
      ...(entry?.suppressed ? { alsoRefused: entry.suppressed } : {}),
    });
  }

  connected(up: boolean, reason?: string): void {
    if (up === this.up) return;
    this.up = up;
    if (up) {
      this.lostReason = undefined;
      this.o.log.info(`camera ${this.id}: streaming`, { source: this.o.camera.source });
      this.publishInfo();
    } else {
      this.lostReason = reason ?? "device lost";
      this.o.counters.inc(`${this.id}.device.lost`);
      this.o.log.warn(`camera ${this.id}: lost: ${this.lostReason}`);
    }
  }

  /** The camera could not be created or started at all. */
  failed(reason: string): void {
    this.failure = reason;
    this.o.counters.inc(`${this.id}.failed`);
    this.o.log.error(`camera ${this.id}: ${reason}`);
  }

  private stalled = false;

  /** Called every second: a camera that stopped sending is logged and counted once per stall. */
  watch(at: number = now()): void {
    const stalled = this.state(at) === "stalled";
    if (stalled && !this.stalled) {
      this.o.counters.inc(`${this.id}.stalls`);
      this.o.log.warn(
        `camera ${this.id}: no frame for ${Math.round(at - (this.lastFrameAt ?? at))} ms (stalled)`,
      );
    } else if (!stalled && this.stalled) {
      this.o.log.info(`camera ${this.id}: frames again`);
    }
    this.stalled = stalled;
  }

  publishInfo(): void {
    this.info = { ...this.info, t: now() };
    this.o.bus.publish(this.o.bus.subjects.cameraInfo(this.id), this.info);
  }

  state(at: number = now()): CameraState {
    if (this.failure) return "failed";
    if (this.lostReason) return "lost";
    if (this.lastFrameAt === undefined) return "starting";
    return at - this.lastFrameAt > this.o.stallMs ? "stalled" : "streaming";
  }

  detail(at: number = now()): Record<string, unknown> {
    return {
      id: this.id,
      source: this.o.camera.source,
      state: this.state(at),
      width: this.info.width,
      height: this.info.height,
      targetFps: this.o.camera.fps,
      fps: Math.round(this.rate.hz(at) * 10) / 10,
      frames: this.seq,
      depthFrames: this.depthSeq,
      lastFrameAgeMs: this.lastFrameAt === undefined ? null : Math.round(at - this.lastFrameAt),
      captureToPublishMs:
        this.lastLatencyMs === undefined ? null : Math.round(this.lastLatencyMs * 10) / 10,
      error: this.failure ?? this.lostReason ?? null,
    };
  }
}
