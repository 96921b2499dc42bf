/**
 * Republishes a recorded camera with its original timing (the gaps between
 * the frames' capture times, divided by `speed`), stamped with the time each
 * frame is sent again so that consumers see a live camera. Loops when asked.
 */
import { now } from "@teleop/shared/clock";
import type { Logger } from "@teleop/shared/log";
import { WakeableSleep } from "@teleop/shared/WakeableSleep";
import type { CameraSink, CameraSource } from "../../CameraSource";
import type { CameraConfig } from "../../cameraConfig";
import { type RecordedFrames, readRecordedFrames } from "./readRecordedFrames";

const LAP_PAUSE_MS = 200;

export class ReplayCameraSource implements CameraSource {
  private stopped = false;
  private runner: Promise<void> | undefined;
  private readonly sleep = new WakeableSleep();
  private played = 0;
  private laps = 0;
  private total = 0;

  constructor(
    private readonly camera: CameraConfig,
    private readonly log: Logger,
  ) {}

  async start(sink: CameraSink): Promise<void> {
    const file = this.camera.file!;
    if (!(await Bun.file(file).exists())) throw new Error(`${file} does not exist`);
    const recordedId = this.camera.recordedId ?? this.camera.id;
    const rec = await readRecordedFrames(file, recordedId);
    if (rec.invalid > 0) sink.reject("replay", `${rec.invalid} recorded frames are not JPEGs`);
    if (rec.frames.length === 0) {
      throw new Error(`${file} holds no JPEG frames of camera ${recordedId}`);
    }
    this.total = rec.frames.length;
    this.log.info(`camera ${this.camera.id}: replaying`, {
      file,
      recordedId,
      frames: rec.frames.length,
      speed: this.camera.speed ?? 1,
    });
    this.runner = this.play(sink, rec);
  }

  private async play(sink: CameraSink, rec: RecordedFrames): Promise<void> {
    const speed = this.camera.speed ?? 1;
    sink.connected(true);
    do {
      const start = now();
      const first = rec.frames[0]!.t;
      for (const f of rec.frames) {
        await this.sleep.until(start + Math.max(0, f.t - first) / speed);
        if (this.stopped) return;
        sink.frame({ t: now(), jpeg: f.jpeg });
        this.played++;
      }
      this.laps++;
      await this.sleep.until(now() + LAP_PAUSE_MS);
    } while (this.camera.loop && !this.stopped);
    if (!this.stopped) sink.connected(false, "the recording ended");
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleep.wake();
    await this.runner;
  }

  detail(): Record<string, unknown> {
    return { file: this.camera.file, played: this.played, laps: this.laps, frames: this.total };
  }
}
