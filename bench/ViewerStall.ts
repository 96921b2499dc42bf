/**
 * The viewer-stall scenario's extra parts: the Foxglove live view beside the
 * four services, a camera played on the bus (ffmpeg testsrc2 JPEGs at 30 Hz,
 * what a wrist camera sends), and a viewer that subscribes to every channel
 * and never reads. What the live view reports about that viewer (kept back,
 * dropped) is the scenario's own figure; the stack's figures show whether it
 * cost the loops anything.
 */

import type { Bus } from "@teleop/shared/bus";
import { type Health, HealthMsg } from "@teleop/shared/messages";
import { bundleServices, serviceBundle } from "../packages/cli/src/serviceBundles";
import { waitFor } from "../test/support/bus";
import { CameraPlayer } from "../test/support/cameraPlayer";
import { Viewer } from "../test/support/foxgloveViewer";
import { freePort } from "../test/support/natsServer";
import { ServiceProcess } from "../test/support/serviceProcess";
import { type StalledViewer, startStalledViewer } from "../test/support/stalledViewer";
import { type ProcCost, ProcMonitor } from "./ProcMonitor";

export const STALL_CAMERA = { camera: "wrist", width: 1280, height: 720, hz: 30 };

export interface ViewerStallFigures {
  cameraFrames: number;
  subscriptions: number;
  sent: number;
  dropped: number;
  bufferedBytes: number;
  maxBufferedBytes: number;
  droppedByTopic: Record<string, number>;
  /** The live view's own CPU and memory over the window. */
  cost: ProcCost;
}

interface ViewerDetail {
  subscriptions: number;
  sent: number;
  dropped: number;
  bufferedBytes: number;
  droppedByTopic: Record<string, number>;
}

export class ViewerStall {
  private health: Health | undefined;
  private maxBuffered = 0;
  private framesAtStart = 0;
  private closed = false;
  private readonly monitor: ProcMonitor;

  private constructor(
    readonly foxglove: ServiceProcess,
    private readonly camera: CameraPlayer,
    private readonly viewer: StalledViewer,
    private readonly subscriptions: number,
  ) {
    this.monitor = new ProcMonitor({ foxglove: foxglove.proc.pid });
  }

  static async start(bus: Bus, natsUrl: string, prefix: string): Promise<ViewerStall> {
    const port = await freePort();
    await bundleServices(["foxglove"]);
    const foxglove = new ServiceProcess({
      script: serviceBundle("foxglove", ""),
      env: { NATS_URL: natsUrl, TELEOP_PREFIX: prefix, FOXGLOVE_PORT: String(port) },
    });
    await foxglove.waitForLog(/\bready\b/, 30_000);
    const camera = await CameraPlayer.start(bus, STALL_CAMERA);
    // The camera's channels appear with its first message; read the ids as a viewer would.
    const probe = await Viewer.connect(`ws://127.0.0.1:${port}`);
    const ready = await waitFor(() =>
      probe.channels.has(`/camera/${STALL_CAMERA.camera}/compressed`),
    );
    const ids = [...probe.channels.values()].map((c) => c.id);
    probe.close();
    if (!ready) throw new Error("the live view did not advertise the camera");
    const viewer = await startStalledViewer(port, ids);
    const stall = new ViewerStall(foxglove, camera, viewer, ids.length);
    bus.subscribe(bus.subjects.health("foxglove"), HealthMsg, (h) => stall.observe(h));
    return stall;
  }

  /** The measured window starts: count camera frames and the live view's cost from here. */
  startWindow(): void {
    this.framesAtStart = this.camera.frames;
    this.monitor.start();
  }

  private stalledDetail(h: Health | undefined): ViewerDetail | undefined {
    const viewers = (h?.detail?.viewers ?? []) as ViewerDetail[];
    return viewers.find((v) => v.subscriptions === this.subscriptions);
  }

  private observe(h: Health): void {
    this.health = h;
    const v = this.stalledDetail(h);
    if (v) this.maxBuffered = Math.max(this.maxBuffered, v.bufferedBytes);
  }

  /** Figures of the window that just ended; stops the camera, the viewer and the live view. */
  async finish(): Promise<ViewerStallFigures> {
    const cost = this.monitor.stop().foxglove!;
    const v = this.stalledDetail(this.health);
    const figures: ViewerStallFigures = {
      cameraFrames: this.camera.frames - this.framesAtStart,
      subscriptions: this.subscriptions,
      sent: v?.sent ?? 0,
      dropped: v?.dropped ?? 0,
      bufferedBytes: v?.bufferedBytes ?? 0,
      maxBufferedBytes: this.maxBuffered,
      droppedByTopic: v?.droppedByTopic ?? {},
      cost,
    };
    await this.close();
    return figures;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.camera.stop();
    await this.viewer.stop();
    await this.foxglove.stop();
  }
}
