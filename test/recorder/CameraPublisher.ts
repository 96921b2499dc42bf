/**
 * A test camera on the real wire format: CameraFrame messages carrying ffmpeg
 * JPEGs at a fixed rate, CameraInfo at 1 Hz, optionally 16UC1 depth. It keeps
 * what it sent (seq, capture time, bytes) so a test can find every frame in a file.
 */
import type { Bus } from "@teleop/shared/bus";
import type { CameraDepth, CameraFrame, CameraInfo } from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import { cameraDepth, cameraFrame } from "../../services/recorder/src/testFixtures";

export interface SentFrame {
  seq: number;
  t: number;
  data: Uint8Array;
}

export class CameraPublisher {
  readonly sent: SentFrame[] = [];
  readonly depthSent: CameraDepth[] = [];
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private seq = 0;

  constructor(
    private readonly bus: Bus,
    readonly camera: string,
    private readonly jpegs: Uint8Array[],
    readonly o: {
      fps: number;
      mountParent: "base" | "fr3_hand";
      width: number;
      height: number;
      depth?: { width: number; height: number };
    },
  ) {}

  info(t = now()): CameraInfo {
    const { width, height } = this.o;
    const f = width;
    return {
      v: 1,
      t,
      camera: this.camera,
      frameId: `camera_${this.camera}`,
      source: "test",
      device: "ffmpeg testsrc2",
      width,
      height,
      fps: this.o.fps,
      hasDepth: this.o.depth !== undefined,
      distortionModel: "plumb_bob",
      D: [0, 0, 0, 0, 0],
      K: [f, 0, width / 2, 0, f, height / 2, 0, 0, 1],
      R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      P: [f, 0, width / 2, 0, 0, f, height / 2, 0, 0, 0, 1, 0],
      mount:
        this.o.mountParent === "base"
          ? { parent: "base", translation: [0.61, -0.91, 0.61], rotation: [0, 0, 0, 1] }
          : { parent: "fr3_hand", translation: [0, 0, 0.1], rotation: [0, 0, 0, 1] },
    };
  }

  private frame(): void {
    const s = this.bus.subjects;
    const seq = this.seq++;
    const t = now();
    const data = this.jpegs[seq % this.jpegs.length]!;
    const msg: CameraFrame = {
      ...cameraFrame(seq, t, this.camera),
      width: this.o.width,
      height: this.o.height,
      data,
    };
    this.bus.publish(s.cameraImage(this.camera), msg);
    this.sent.push({ seq, t, data });
    if (this.o.depth) {
      const { width, height } = this.o.depth;
      const px = new Uint16Array(width * height).map((_, i) => (i * 7 + seq * 13) % 5000);
      const d: CameraDepth = {
        ...cameraDepth(seq, t, this.camera),
        width,
        height,
        data: new Uint8Array(px.buffer),
      };
      this.bus.publish(s.cameraDepth(this.camera), d);
      this.depthSent.push(d);
    }
  }

  start(): void {
    const s = this.bus.subjects;
    this.bus.publish(s.cameraInfo(this.camera), this.info());
    this.timers.push(setInterval(() => this.frame(), 1000 / this.o.fps));
    this.timers.push(
      setInterval(() => this.bus.publish(s.cameraInfo(this.camera), this.info()), 1000),
    );
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }
}
