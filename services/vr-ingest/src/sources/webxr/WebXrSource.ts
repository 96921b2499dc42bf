/**
 * The WebXR source: an HTTPS (or plain HTTP for adb reverse) server that
 * serves the page the Quest browser opens and takes one binary frame per XR
 * frame over a WebSocket. The wire is checked here (binary, size, msgpack,
 * shape, unit quaternions); only the admitted driver's good frames reach the
 * sink, mapped onto this machine's clock. The sink adds the checks every
 * source shares (position bounds, jumps between samples).
 */

import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Controller } from "@teleop/shared/messages";
import { RateMeter } from "@teleop/shared/stats";
import type { Server, ServerWebSocket } from "bun";
import type { VrFrame, VrSink, VrSource, VrSourceContext } from "../../VrSource";
import { admit } from "./admission";
import { BadFrameMeter } from "./BadFrameMeter";
import { ClockOffset } from "./ClockOffset";
import { loadOrCreateCertificate } from "./certificate";
import { OperatorStatus } from "./OperatorStatus";
import { buildPage, type PageBundle } from "./pageBundle";
import { lanIPv4, pageUrls } from "./urls";
import { validateFrame } from "./validateFrame";
import {
  CLOSE_ABUSE,
  CLOSE_REFUSED,
  type ClientKind,
  MAX_BAD_FRAMES_PER_S,
  MAX_FRAME_BYTES,
  type ServerMessage,
  type WebXrFrame,
  WS_PATH,
} from "./wire";

export interface WebXrConfig {
  port: number;
  host: string;
  tls: boolean;
  certDir: string;
}

interface Conn {
  remote: string;
  connectedAt: number;
  client: ClientKind | undefined;
  bad: BadFrameMeter;
}

/** How often the page is told the operator status. */
const STATUS_INTERVAL_MS = 200;
/** A silent peer (Wi-Fi gone) is dropped after this long, freeing the driver seat. */
const IDLE_TIMEOUT_S = 10;

function released(c: Controller | undefined): Controller | undefined {
  return c && { ...c, tracked: false, grip: 0, buttons: { ...c.buttons, grip: false } };
}

export class WebXrSource implements VrSource {
  readonly name = "webxr" as const;
  urls: string[] = [];
  private server: Server<Conn> | undefined;
  private driver: ServerWebSocket<Conn> | undefined;
  private sink: VrSink | undefined;
  private status: OperatorStatus | undefined;
  private statusTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrame: VrFrame | undefined;
  private readonly clock = new ClockOffset();
  private readonly rate = new RateMeter();
  private frames = 0;
  private rejected = 0;
  private refused = 0;

  constructor(
    private readonly config: WebXrConfig,
    private readonly ctx: VrSourceContext,
  ) {}

  /** The port actually bound (WEBXR_PORT=0 picks a free one). */
  get port(): number {
    return this.server?.port ?? this.config.port;
  }

  async start(sink: VrSink): Promise<void> {
    this.sink = sink;
    const page = await buildPage();
    const lan = lanIPv4();
    const cert = this.config.tls
      ? await loadOrCreateCertificate(this.config.certDir, lan)
      : undefined;
    if (cert?.created) {
      this.ctx.log.info("created a self-signed certificate; the headset asks to accept it once", {
        dir: this.config.certDir,
      });
    }
    this.server = Bun.serve({
      hostname: this.config.host,
      port: this.config.port,
      tls: cert && { cert: cert.cert, key: cert.key },
      fetch: (req, server) => this.fetch(req, server, page),
      websocket: {
        data: {} as Conn,
        maxPayloadLength: 16 * MAX_FRAME_BYTES,
        idleTimeout: IDLE_TIMEOUT_S,
        sendPings: true,
        open: (ws) => this.open(ws),
        message: (ws, msg) => this.message(ws, msg),
        close: (ws) => this.close(ws),
      },
    });
    this.status = new OperatorStatus(this.ctx.bus);
    void this.status.refreshRecording();
    this.statusTimer = setInterval(() => this.pushStatus(), STATUS_INTERVAL_MS);
    this.urls = pageUrls(this.config.host, this.port, this.config.tls, lan);
    for (const url of this.urls) this.ctx.log.info(`open ${url} in the Quest browser`);
  }

  async stop(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.driver?.close(1001, "vr-ingest is stopping");
    await this.server?.stop(true);
    this.server = undefined;
  }

  detail(): Record<string, unknown> {
    const d = this.driver?.data;
    return {
      urls: this.urls,
      driver: d ? { remote: d.remote, client: d.client ?? null } : null,
      frameHz: Math.round(this.rate.hz(now()) * 10) / 10,
      frames: this.frames,
      rejected: this.rejected,
      refused: this.refused,
    };
  }

  private fetch(req: Request, server: Server<Conn>, page: PageBundle): Response | undefined {
    const path = new URL(req.url).pathname;
    if (path === WS_PATH) {
      const data: Conn = {
        remote: server.requestIP(req)?.address ?? "unknown",
        connectedAt: now(),
        client: undefined,
        bad: new BadFrameMeter(MAX_BAD_FRAMES_PER_S),
      };
      return server.upgrade(req, { data })
        ? undefined
        : new Response("expected a WebSocket upgrade", { status: 400 });
    }
    const noStore = { "cache-control": "no-store" };
    if (path === "/") {
      return new Response(page.html, { headers: { ...noStore, "content-type": "text/html" } });
    }
    if (path === "/app.js") {
      return new Response(page.js, { headers: { ...noStore, "content-type": "text/javascript" } });
    }
    return new Response("not found", { status: 404 });
  }

  private send(ws: ServerWebSocket<Conn>, msg: ServerMessage): void {
    ws.send(JSON.stringify(msg));
  }

  private open(ws: ServerWebSocket<Conn>): void {
    const current = this.driver?.data;
    const decision = admit(current, ws.data);
    if (!decision.ok) {
      this.refused++;
      this.ctx.counters.inc("webxr.refused");
      this.ctx.log.warn("refused a second WebXR client", { remote: ws.data.remote });
      this.send(ws, { type: "refused", reason: decision.reason });
      ws.close(CLOSE_REFUSED, "another client is driving");
      return;
    }
    this.driver = ws;
    this.clock.reset();
    this.send(ws, { type: "welcome", remote: ws.data.remote });
    this.pushStatus();
    this.ctx.log.info("WebXR client connected", { remote: ws.data.remote });
    this.sink?.event(EventType.deviceConnected, { source: "webxr", remote: ws.data.remote });
  }

  private close(ws: ServerWebSocket<Conn>): void {
    if (ws !== this.driver) return;
    this.driver = undefined;
    // Tell the controller at once rather than letting it time out: hands gone, clutch open.
    const last = this.lastFrame;
    if (last) this.sink?.frame({ right: released(last.right), left: released(last.left) });
    this.lastFrame = undefined;
    this.ctx.log.info("WebXR client disconnected", { remote: ws.data.remote });
    this.sink?.event(EventType.deviceDisconnected, { source: "webxr", remote: ws.data.remote });
  }

  private message(ws: ServerWebSocket<Conn>, msg: string | Buffer): void {
    if (ws !== this.driver) return;
    if (typeof msg === "string") {
      const client = helloClient(msg);
      if (client) {
        ws.data.client = client;
        this.ctx.log.info("WebXR client says hello", { remote: ws.data.remote, client });
      } else this.bad(ws, "text", "text message other than hello (frames must be binary)");
      return;
    }
    const check = validateFrame(msg);
    if (check.ok) this.accept(check.frame);
    else this.bad(ws, check.kind, check.reason);
  }

  private accept(f: WebXrFrame): void {
    const arrival = now();
    if (f.reset) this.sink?.event(EventType.referenceSpaceReset, { source: "webxr" });
    const out: VrFrame = { t: this.clock.toLocal(f.t, arrival) };
    if (f.right) out.right = f.right;
    if (f.left) out.left = f.left;
    this.lastFrame = out;
    this.frames++;
    this.rate.mark(arrival);
    this.sink?.frame(out);
  }

  private bad(ws: ServerWebSocket<Conn>, kind: string, reason: string): void {
    this.rejected++;
    this.sink?.reject(kind, reason);
    if (ws.data.bad.mark(now())) {
      this.ctx.counters.inc("webxr.closedForAbuse");
      this.ctx.log.warn("closing a WebXR client that sends too many bad frames", {
        remote: ws.data.remote,
        limitPerS: MAX_BAD_FRAMES_PER_S,
      });
      ws.close(CLOSE_ABUSE, "too many bad frames");
      return;
    }
    this.send(ws, { type: "rejected", reason, count: this.rejected });
  }

  private pushStatus(): void {
    if (this.driver && this.status)
      this.send(this.driver, { type: "status", ...this.status.view() });
  }
}

function helloClient(text: string): ClientKind | undefined {
  if (text.length > 256) return undefined;
  try {
    const m = JSON.parse(text) as { type?: unknown; client?: unknown };
    return m.type === "hello" && (m.client === "xr" || m.client === "desktop")
      ? m.client
      : undefined;
  } catch {
    return undefined;
  }
}
