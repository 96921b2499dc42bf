/**
 * A UVC camera through ffmpeg: one child per camera, each frame stamped
 * with the device's capture time (packetTimes.ts).
 * When ffmpeg exits (device unplugged, input ended) the camera is reported
 * lost and ffmpeg is started again after a backoff that doubles up to 10 s
 * and resets once a connection has streamed for 5 s.
 */
import { now, sleep } from "@teleop/shared/clock";
import { listV4l2Formats } from "@teleop/shared/v4l2Formats";
import type { CameraSink, CameraSource, SourceContext } from "../../CameraSource";
import { DEFAULT_JPEG_QUALITY } from "../../cameraConfig";
import { FfmpegJpegs } from "../../FfmpegJpegs";
import { type CaptureFormat, captureArgs, v4l2InputArgs } from "./ffmpegArgs";
import { DeviceClock } from "./packetTimes";

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;
const STABLE_MS = 5000;

export type V4l2Options = Omit<SourceContext, "bus">;

export class V4l2Source implements CameraSource {
  private stopped = false;
  private child: FfmpegJpegs | undefined;
  private runner: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private format: CaptureFormat | undefined;
  private starts = 0;
  private backoffMs = BACKOFF_MIN_MS;
  private timestamps: "device" | "mapped" | undefined;

  constructor(private readonly o: V4l2Options) {}

  async start(sink: CameraSink): Promise<void> {
    this.runner = this.run(sink);
  }

  private async chooseFormat(): Promise<CaptureFormat> {
    const c = this.o.camera;
    const wanted = c.format ?? "auto";
    if (wanted !== "auto") return wanted;
    if (c.input) return "raw";
    const { formats } = await listV4l2Formats(this.o.ffmpegPath, c.device!);
    return formats.some((f) => f.name === "mjpeg") ? "mjpeg" : "raw";
  }

  private async run(sink: CameraSink): Promise<void> {
    const c = this.o.camera;
    while (!this.stopped) {
      this.format ??= await this.chooseFormat();
      const input = c.input ?? v4l2InputArgs(c, c.device!, this.format);
      const clock = new DeviceClock();
      let streaming = false;
      const startedAt = now();
      this.starts++;
      const child = new FfmpegJpegs({
        ffmpegPath: this.o.ffmpegPath,
        args: captureArgs(input, this.format, c.quality ?? DEFAULT_JPEG_QUALITY),
        stdin: false,
        maxFrameBytes: this.o.maxFrameBytes,
        onFrame: (jpeg, at, pts32) => {
          const t = clock.map(pts32, at);
          if (!streaming) {
            streaming = true;
            sink.connected(true);
            this.timestamps = clock.epoch ? "device" : "mapped";
          }
          sink.frame({ t, jpeg });
        },
        onReject: (kind, reason) => sink.reject(kind, reason),
        onStderrLine: (line) => this.o.log.warn(`camera ${c.id}: ffmpeg: ${line}`),
      });
      this.child = child;
      const code = await child.exited;
      this.child = undefined;
      if (this.stopped) return;
      const why = child.tail.at(-1) ?? `ffmpeg exited with code ${code}`;
      if (streaming) sink.connected(false, `ffmpeg exited (${code}): ${why}`);
      else sink.reject("start", `ffmpeg could not capture (${code}): ${why}`);
      if (now() - startedAt > STABLE_MS) this.backoffMs = BACKOFF_MIN_MS;
      this.o.log.info(`camera ${c.id}: starting ffmpeg again in ${this.backoffMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void sleep(this.backoffMs).then(resolve);
      });
      this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.child?.stop();
    await this.runner;
  }

  detail(): Record<string, unknown> {
    return {
      device: this.o.camera.input ? this.o.camera.input.join(" ") : this.o.camera.device,
      capture: this.format === "mjpeg" ? "mjpeg pass-through" : this.format ? "encoded here" : null,
      timestamps: this.timestamps ?? null,
      ffmpegStarts: this.starts,
      ffmpegPid: this.child?.pid ?? null,
    };
  }
}
