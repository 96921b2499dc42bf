/**
 * A simulated camera: at its frame rate it renders the newest robot state
 * (teleop.robot.state: joints and gripper) and simulated world
 * (teleop.sim.scene) with the software rasterizer, and encodes the picture
 * to JPEG in one long-running ffmpeg child (raw RGB in on stdin, JPEGs out).
 * Frames are stamped with the time they were rendered. When the encoder is
 * still busy with earlier frames a tick is skipped (keep-latest: never a
 * queue of stale pictures). Wrong-typed messages on the input subjects are
 * refused by the keep-latest slots and counted.
 */
import { type SceneState, SceneStateMsg } from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import type { Latest } from "@teleop/shared/Latest";
import { FixedRateLoop } from "@teleop/shared/loop";
import { type RobotState, RobotStateMsg } from "@teleop/shared/messages";
import type { CameraSink, CameraSource, SourceContext } from "../../CameraSource";
import { DEFAULT_JPEG_QUALITY } from "../../cameraConfig";
import { pinholeOf } from "../../cameraInfo";
import { FfmpegJpegs, JPEG_OUTPUT_ARGS } from "../../FfmpegJpegs";
import { Rasterizer } from "./Rasterizer";
import { sceneBoxes, viewMatrix } from "./simScene";

/** Frames handed to the encoder and not back yet beyond which a tick is skipped. */
const MAX_IN_FLIGHT = 2;
/** A frame in the encoder this long means ffmpeg is stuck (longer before its first JPEG: start-up). */
const STUCK_MS = 3000;
const START_MS = 20_000;

export interface SimCameraOptions extends SourceContext {
  depth: boolean;
}

export class SimCameraSource implements CameraSource {
  private readonly raster: Rasterizer;
  private readonly robot: Latest<RobotState>;
  private readonly scene: Latest<SceneState>;
  private encoder: FfmpegJpegs | undefined;
  /** Whether the current encoder has sent a JPEG back yet. */
  private encoderUp = false;
  private loop: FixedRateLoop | undefined;
  private readonly inFlight: Array<{ t: number; depth?: Uint8Array }> = [];
  private skipped = 0;
  private rendered = 0;
  private renderMs = 0;
  private stopping = false;

  constructor(private readonly o: SimCameraOptions) {
    const c = o.camera;
    const k = pinholeOf(c);
    if (!k) throw new Error(`camera ${c.id}: a sim camera needs intrinsics or fovDeg`);
    this.raster = new Rasterizer(c.width, c.height, k);
    this.robot = o.bus.latest(o.bus.subjects.robotState, RobotStateMsg);
    this.scene = o.bus.latest(o.bus.subjects.simScene, SceneStateMsg);
  }

  async start(sink: CameraSink): Promise<void> {
    // Garbage on the subjects the picture is made from: refused there, counted here.
    this.robot.onReject((r) => sink.reject("input", `${this.robot.subject}: ${r.reason}`));
    this.scene.onReject((r) => sink.reject("input", `${this.scene.subject}: ${r.reason}`));
    this.startEncoder(sink);
    this.loop = new FixedRateLoop({
      name: `sim-${this.o.camera.id}`,
      hz: this.o.camera.fps,
      onTick: () => this.tick(sink),
      onError: (err) => sink.reject("render", (err as Error).message),
    });
    this.loop.start();
  }

  private startEncoder(sink: CameraSink): void {
    const c = this.o.camera;
    const encoder = new FfmpegJpegs({
      ffmpegPath: this.o.ffmpegPath,
      args: [
        "-hide_banner",
        "-nostdin",
        "-nostats",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        `${c.width}x${c.height}`,
        "-r",
        String(c.fps),
        "-i",
        "pipe:0",
        // Each frame out as soon as it is in: no frame-rate logic, no frame threads holding one back.
        "-fps_mode",
        "passthrough",
        "-threads",
        "1",
        "-q:v",
        String(c.quality ?? DEFAULT_JPEG_QUALITY),
        ...JPEG_OUTPUT_ARGS,
      ],
      stdin: true,
      maxFrameBytes: this.o.maxFrameBytes,
      onFrame: (jpeg) => {
        const pending = this.inFlight.shift();
        if (!pending)
          return sink.reject("encoder", "a JPEG from the encoder that no frame asked for");
        this.encoderUp = true;
        sink.connected(true);
        sink.frame({ t: pending.t, jpeg, depth: pending.depth });
      },
      onReject: (kind, reason) => sink.reject(kind, reason),
      onStderrLine: (line) => this.o.log.warn(`camera ${c.id}: ffmpeg: ${line}`),
    });
    this.encoder = encoder;
    this.encoderUp = false;
    void encoder.exited.then((code) => {
      if (this.stopping) return;
      sink.connected(false, `the JPEG encoder (ffmpeg) exited with code ${code}`);
      this.inFlight.length = 0;
      this.startEncoder(sink);
    });
  }

  private tick(sink: CameraSink): void {
    const encoder = this.encoder;
    if (!encoder) return;
    const t = now();
    const oldest = this.inFlight[0];
    const limit = this.encoderUp ? STUCK_MS : START_MS;
    if (oldest && t - oldest.t > limit) {
      sink.reject("encoder", `no JPEG back from ffmpeg for ${limit} ms; starting it again`);
      void encoder.stop();
      return;
    }
    if (this.inFlight.length >= MAX_IN_FLIGHT) {
      this.skipped++;
      return;
    }
    const state = this.robot.value;
    const q = state?.joints?.position;
    const view = viewMatrix(this.o.camera.mount, q);
    this.raster.render(view, sceneBoxes(q, state?.gripper ?? 0, this.scene.value?.objects ?? []));
    const depth = this.o.depth ? this.raster.depthMm() : undefined;
    // The pixels are copied: the rasterizer draws the next frame into the same buffer.
    if (!encoder.write(this.raster.rgb.slice())) return;
    this.inFlight.push({ t, depth });
    this.rendered++;
    this.renderMs += now() - t;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop?.stop();
    await this.encoder?.stop();
  }

  detail(): Record<string, unknown> {
    return {
      rendered: this.rendered,
      skippedEncoderBusy: this.skipped,
      renderMsMean: this.rendered ? Math.round((this.renderMs / this.rendered) * 100) / 100 : null,
      robotStateAgeMs: this.robot.age() === undefined ? null : Math.round(this.robot.age()!),
      inputRejected: this.robot.counters.rejected + this.scene.counters.rejected,
    };
  }
}
