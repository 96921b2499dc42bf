/**
 * The dashboard's web server: bundles the page with Bun.build at start,
 * subscribes to the bus, samples plot rows at 20 Hz and pushes a frame to
 * every open page over a WebSocket four times a second; serves the newest
 * JPEG of each camera and forwards the page's recording buttons to the
 * recorder's request API. It lives in the CLI,
 * not in vr-ingest: monitoring is for whoever watches the rig, apart from the
 * operator's VR page, and vr-ingest may run on another machine (or not at all
 * with the adb source); the dashboard needs nothing but NATS.
 */
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import {
  CAMERA_ID_PATTERN,
  CameraFrameMsg,
  MAX_CAMERA_FRAME_BYTES,
} from "@teleop/shared/cameraMessages";
import { decode } from "@teleop/shared/codec";
import {
  ControlStatusMsg,
  EventMsg,
  HealthMsg,
  RecorderReplyMsg,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import type { Server } from "bun";
import {
  type ActionWords,
  isRecorderAction,
  type RecorderAction,
  recorderHint,
  recorderRequest,
} from "../recorderActions";
import { DashboardModel, type PlotRow } from "./DashboardModel";

export const SAMPLE_MS = 50;
export const PUSH_MS = 250;
export const RECORDER_POLL_MS = 500;
/** A loaded machine answers late; the tile's age, not one lost reply, says the recorder is gone. */
const RECORDER_POLL_TIMEOUT_MS = 1000;

const PAGE_DIR = join(import.meta.dir, "page");
const TOPIC = "frames";
const CAMERA_ID = new RegExp(CAMERA_ID_PATTERN);
const RECORDER_TIMEOUT_MS = 5000;

/** The page's buttons, named the way the recorder's hints name what to press. */
export const BUTTON_WORDS: ActionWords = {
  start: "Start",
  save: "Save",
  saveFailure: "Save as failure",
  discard: "Discard",
};

/** A small teleop mark, so the browser's favicon request is answered. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d2330"/><path d="M8 24 L14 12 L20 17 L25 8" stroke="#3ccf6e" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/><circle cx="25" cy="8" r="3" fill="#f0b429"/></svg>`;

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
  private rejectedFrames = 0;

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
        async fetch(req, srv) {
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
          if (path === "/favicon.svg" || path === "/favicon.ico") {
            return new Response(FAVICON, {
              headers: { "content-type": "image/svg+xml", "cache-control": "max-age=86400" },
            });
          }
          const camera = path.match(/^\/camera\/([^/]+)\.jpg$/)?.[1];
          if (camera !== undefined && self) return self.cameraJpeg(camera);
          const action = path.match(/^\/api\/recorder\/([a-z-]+)$/)?.[1];
          if (action !== undefined && self) return self.recorderAction(req, action);
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
    bus.subscribe(s.vrState, VrStateMsg, (v) => m.vrState(v, Date.now()));
    bus.subscribe(s.events, EventMsg, (ev) => m.event(ev));
    // Frames are far larger than other messages: decoded with the camera limit, not the bus default.
    bus.nc.subscribe(s.cameraImage("*"), {
      callback: (err, msg) => {
        if (err) return;
        const r = decode(CameraFrameMsg, msg.data, MAX_CAMERA_FRAME_BYTES + 1024);
        if (!r.ok || !m.cameraFrame(r.value)) {
          this.rejectedFrames++;
          if (this.rejectedFrames === 1 || this.rejectedFrames % 100 === 0) {
            bus.log.warn(
              `rejected camera frame on ${msg.subject}: ${r.ok ? "not a JPEG" : r.reason}`,
              {
                rejected: this.rejectedFrames,
              },
            );
          }
        }
      },
    });
    this.timers.push(
      setInterval(() => this.pending.push(m.sample(Date.now())), SAMPLE_MS),
      setInterval(() => this.push(), PUSH_MS),
      setInterval(() => void this.pollRecorder(), RECORDER_POLL_MS),
    );
  }

  private push(): void {
    const rows = this.pending;
    this.pending = [];
    const at = Date.now();
    this.model.checkServices(at);
    this.server.publish(
      TOPIC,
      JSON.stringify({ ...this.model.frame(at, rows), rejectedCameraFrames: this.rejectedFrames }),
    );
  }

  /** The newest JPEG of a camera; the page asks at its own (throttled) pace. */
  private cameraJpeg(id: string): Response {
    const jpeg = CAMERA_ID.test(id) ? this.model.cameras.jpeg(id) : undefined;
    if (!jpeg) return new Response("no such camera", { status: 404 });
    return new Response(jpeg as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "image/jpeg", "cache-control": "no-store" },
    });
  }

  /**
   * A recording button: POST /api/recorder/<start|save|save-failure|discard>
   * with JSON `{ task? }`. Only the page itself may press them: a JSON body
   * (cross-site forms cannot send one without a CORS preflight this server
   * never grants) from the same origin.
   */
  private async recorderAction(req: Request, name: string): Promise<Response> {
    const json = (body: unknown, status = 200) => Response.json(body, { status });
    if (req.method !== "POST") return json({ error: "use POST" }, 405);
    if (!isRecorderAction(name) || name === "status") {
      return json({ error: `unknown recorder action "${name}"` }, 404);
    }
    const origin = req.headers.get("origin");
    if (origin !== null && origin !== new URL(req.url).origin) {
      return json({ error: "recording buttons work only from the dashboard's own page" }, 403);
    }
    if (!(req.headers.get("content-type") ?? "").startsWith("application/json")) {
      return json({ error: "expected a JSON body" }, 415);
    }
    let body: { task?: unknown };
    try {
      body = ((await req.json()) ?? {}) as { task?: unknown };
    } catch {
      return json({ error: "the body is not JSON" }, 400);
    }
    const action: RecorderAction = name;
    const task = typeof body.task === "string" ? body.task : undefined;
    const { subject, request } = recorderRequest(this.o.bus.subjects, action, { task });
    try {
      const reply = await this.o.bus.request(
        subject,
        request,
        RecorderReplyMsg,
        RECORDER_TIMEOUT_MS,
      );
      const saved = action === "save" || action === "save-failure";
      this.model.recorderReply(
        reply,
        Date.now(),
        saved ? { success: action === "save" } : undefined,
      );
      this.o.bus.log.info(`recorder ${action} from the dashboard`, {
        ok: reply.ok,
        path: reply.path,
        error: reply.error,
      });
      return json({ reply, hint: recorderHint(action, reply, BUTTON_WORDS) ?? null });
    } catch (err) {
      return json({ error: (err as Error).message }, 502);
    }
  }

  private async pollRecorder(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const s = this.o.bus.subjects;
      this.model.recorderReply(
        await this.o.bus.request(s.recorderStatus, {}, RecorderReplyMsg, RECORDER_POLL_TIMEOUT_MS),
        Date.now(),
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
