/**
 * The dashboard's web server: bundles the page with Bun.build at start,
 * subscribes to the bus, samples plot rows at 20 Hz and pushes a frame to
 * every open page over a WebSocket four times a second. It lives in the CLI,
 * not in vr-ingest: monitoring is for whoever watches the rig, apart from the
 * operator's VR page, and vr-ingest may run on another machine (or not at all
 * with the adb source); the dashboard needs nothing but NATS.
 */
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import {
  ControlStatusMsg,
  HealthMsg,
  RecorderReplyMsg,
  RobotCommandMsg,
  RobotStateMsg,
} from "@teleop/shared/messages";
import type { Server } from "bun";
import { DashboardModel, type PlotRow } from "./DashboardModel";

export const SAMPLE_MS = 50;
export const PUSH_MS = 250;
export const RECORDER_POLL_MS = 500;

const PAGE_DIR = join(import.meta.dir, "page");
const TOPIC = "frames";

export interface DashboardOptions {
  bus: Bus;
  port: number;
  host: string;
}

interface Assets {
  html: string;
  js: string;
  css: string;
}

async function buildAssets(): Promise<Assets> {
  const built = await Bun.build({
    entrypoints: [join(PAGE_DIR, "main.ts")],
    target: "browser",
    minify: true,
  });
  const js = built.outputs.find((o) => o.kind === "entry-point");
  if (!built.success || !js) {
    throw new Error(`dashboard page did not build:\n${built.logs.map(String).join("\n")}`);
  }
  const uplotCss = Bun.resolveSync("uplot/dist/uPlot.min.css", import.meta.dir);
  return {
    html: await Bun.file(join(PAGE_DIR, "index.html")).text(),
    js: await js.text(),
    css: (await Bun.file(uplotCss).text()) + (await Bun.file(join(PAGE_DIR, "style.css")).text()),
  };
}

export class DashboardServer {
  private readonly model = new DashboardModel();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private pending: PlotRow[] = [];
  private polling = false;

  private constructor(
    private readonly o: DashboardOptions,
    private readonly server: Server<undefined>,
  ) {}

  get url(): string {
    return `http://${this.o.host}:${this.server.port}`;
  }

  static async start(o: DashboardOptions): Promise<DashboardServer> {
    const assets = await buildAssets();
    let self: DashboardServer | undefined;
    let server: Server<undefined>;
    try {
      server = Bun.serve({
        port: o.port,
        hostname: o.host,
        fetch(req, srv) {
          const path = new URL(req.url).pathname;
          if (path === "/ws") {
            return srv.upgrade(req)
              ? undefined
              : new Response("expected a WebSocket", { status: 400 });
          }
          if (path === "/" || path === "/index.html") {
            return new Response(assets.html, {
              headers: { "content-type": "text/html; charset=utf-8" },
            });
          }
          if (path === "/app.js") {
            return new Response(assets.js, { headers: { "content-type": "text/javascript" } });
          }
          if (path === "/app.css") {
            return new Response(assets.css, { headers: { "content-type": "text/css" } });
          }
          return new Response("not found", { status: 404 });
        },
        websocket: {
          open(ws) {
            ws.subscribe(TOPIC);
            if (self)
              ws.send(JSON.stringify(self.model.frame(Date.now(), self.model.historyRows())));
          },
          message() {},
        },
      });
    } catch (err) {
      const msg = (err as Error).message;
      throw new Error(
        /EADDRINUSE|in use/i.test(msg)
          ? `port ${o.port} on ${o.host} is in use: set DASHBOARD_PORT (or --dashboard-port) to another port`
          : `cannot serve the dashboard on ${o.host}:${o.port}: ${msg}`,
      );
    }
    self = new DashboardServer(o, server);
    self.subscribe();
    return self;
  }

  private subscribe(): void {
    const { bus } = this.o;
    const m = this.model;
    const s = bus.subjects;
    bus.subscribe(s.healthAll, HealthMsg, (h) => m.health(h, Date.now()));
    bus.subscribe(s.controlStatus, ControlStatusMsg, (v) => m.controlStatus(v, Date.now()));
    bus.subscribe(s.robotCommand, RobotCommandMsg, (v) => m.robotCommand(v, Date.now()));
    bus.subscribe(s.robotState, RobotStateMsg, (v) => m.robotState(v, Date.now()));
    this.timers.push(
      setInterval(() => this.pending.push(m.sample(Date.now())), SAMPLE_MS),
      setInterval(() => this.push(), PUSH_MS),
      setInterval(() => void this.pollRecorder(), RECORDER_POLL_MS),
    );
  }

  private push(): void {
    const rows = this.pending;
    this.pending = [];
    this.server.publish(TOPIC, JSON.stringify(this.model.frame(Date.now(), rows)));
  }

  private async pollRecorder(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const s = this.o.bus.subjects;
      this.model.recorderReply(
        await this.o.bus.request(s.recorderStatus, {}, RecorderReplyMsg, 400),
      );
    } catch (err) {
      this.model.recorderUnavailable((err as Error).message);
    } finally {
      this.polling = false;
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.server.stop(true);
  }
}
