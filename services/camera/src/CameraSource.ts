/**
 * The one small interface every camera source implements (one folder per
 * source under sources/, one line in sources/index.ts). A source produces
 * JPEG frames stamped with their capture time; the service checks, stamps
 * seq and publishes them. A source never throws at its caller once started:
 * device loss and bad data go to the sink.
 */
import type { Bus } from "@teleop/shared/bus";
import type { Logger } from "@teleop/shared/log";
import type { CameraConfig } from "./cameraConfig";

export interface CapturedFrame {
  /** Capture time, epoch ms. */
  t: number;
  jpeg: Uint8Array;
  /** Depth for the same instant: raw little-endian uint16 millimetres, width * height. */
  depth?: Uint8Array;
}

export interface CameraSink {
  frame(f: CapturedFrame): void;
  /** Input the source could not use (bytes outside a JPEG, a broken stream): logged and counted. */
  reject(kind: string, reason: string): void;
  /** The device came or went; `reason` says why it went. */
  connected(up: boolean, reason?: string): void;
}

export interface SourceContext {
  camera: CameraConfig;
  log: Logger;
  bus: Bus;
  ffmpegPath: string;
  /** Largest frame the service will publish (the source gives up on longer ones). */
  maxFrameBytes: number;
}

export interface CameraSource {
  start(sink: CameraSink): Promise<void>;
  stop(): Promise<void>;
  /** Extra fields for the health message. */
  detail?(): Record<string, unknown>;
}

export interface CameraSourceEntry {
  name: string;
  /** Whether this camera publishes depth (teleop.camera.<id>.depth). */
  hasDepth(camera: CameraConfig): boolean;
  /** Throws a readable reason when the camera's settings do not suit the source. */
  create(ctx: SourceContext): CameraSource;
}
