/**
 * A camera played from the test side, in the real wire format: JPEGs of
 * ffmpeg's testsrc2 pattern on `<prefix>.camera.<id>.image` at the camera
 * rate and its CameraInfo at 1 Hz (the camera service's cadence).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import type { CameraFrame, CameraInfo } from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";

export interface CameraPlayerOptions {
  camera: string;
  width: number;
  height: number;
  hz: number;
  /** ffmpeg -q:v (2 best .. 31 worst): bigger frames at lower numbers. */
  quality?: number;
  mount?: CameraInfo["mount"];
}

/** One second of testsrc2 as separate JPEG files, read back as bytes. */
export async function testJpegs(o: CameraPlayerOptions): Promise<Uint8Array[]> {
  const dir = mkdtempSync(join(tmpdir(), "teleop-jpegs-"));
  try {
    const ff = Bun.spawn(
      [
        "ffmpeg",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        `testsrc2=size=${o.width}x${o.height}:rate=${o.hz}`,
        "-frames:v",
        String(o.hz),
        "-q:v",
        String(o.quality ?? 2),
        join(dir, "f%03d.jpg"),
      ],
      { stderr: "pipe" },
    );
    if ((await ff.exited) !== 0)
      throw new Error(`ffmpeg failed: ${await new Response(ff.stderr).text()}`);
    return readdirSync(dir)
      .sort()
      .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class CameraPlayer {
  frames = 0;
  private frameTimer: ReturnType<typeof setInterval> | undefined;
  private infoTimer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    private readonly bus: Bus,
    readonly o: CameraPlayerOptions,
    private readonly jpegs: Uint8Array[],
  ) {}

  static async start(bus: Bus, o: CameraPlayerOptions): Promise<CameraPlayer> {
    const p = new CameraPlayer(bus, o, await testJpegs(o));
    p.publishInfo();
    p.infoTimer = setInterval(() => p.publishInfo(), 1000);
    p.frameTimer = setInterval(() => p.publishFrame(), 1000 / o.hz);
    return p;
  }

  get frameId(): string {
    return `camera_${this.o.camera}`;
  }

  info(): CameraInfo {
    const { width, height } = this.o;
    const f = width * 0.7;
    return {
      v: 1,
      t: now(),
      camera: this.o.camera,
      frameId: this.frameId,
      source: "test",
      device: "ffmpeg testsrc2",
      width,
      height,
      fps: this.o.hz,
      hasDepth: false,
      distortionModel: "plumb_bob",
      D: [0, 0, 0, 0, 0],
      K: [f, 0, width / 2, 0, f, height / 2, 0, 0, 1],
      R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      P: [f, 0, width / 2, 0, 0, f, height / 2, 0, 0, 0, 1, 0],
      mount: this.o.mount ?? {
        parent: "base",
        translation: [0.61, -0.91, 0.61],
        rotation: [0, 0, 0, 1],
      },
    };
  }

  private publishInfo(): void {
    this.bus.publish(this.bus.subjects.cameraInfo(this.o.camera), this.info());
  }

  private publishFrame(): void {
    const frame: CameraFrame = {
      v: 1,
      seq: this.frames,
      t: now(),
      camera: this.o.camera,
      frameId: this.frameId,
      format: "jpeg",
      width: this.o.width,
      height: this.o.height,
      data: this.jpegs[this.frames++ % this.jpegs.length]!,
    };
    this.bus.publish(this.bus.subjects.cameraImage(this.o.camera), frame);
  }

  /** Stop the 1 Hz calibration (a late joiner then gets only the kept one). */
  stopInfo(): void {
    clearInterval(this.infoTimer);
  }

  stop(): void {
    clearInterval(this.infoTimer);
    clearInterval(this.frameTimer);
  }
}
