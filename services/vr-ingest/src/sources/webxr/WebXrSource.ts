/**
 * The WebXR source: an HTTPS (or plain HTTP for adb reverse) server that
 * serves the page the Quest browser opens and takes one binary frame per XR
 * frame over a WebSocket. The wire is checked here (binary, size, msgpack,
 * shape, unit quaternions); only the admitted driver's good frames reach the
 * sink, mapped onto this machine's clock. The sink adds the checks every
 * source shares (position bounds, jumps between samples). A connection
 * drives only once its first message (the hello, carrying the pairing code
 * printed at start) passes admit().
 */

import { existsSync } from "node:fs";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Controller } from "@teleop/shared/messages";
import { RateLimiter } from "@teleop/shared/RateLimiter";
import { lanIPv4 } from "@teleop/shared/selfSignedCertificate";
import { RateMeter } from "@teleop/shared/stats";
import type { Server, ServerWebSocket } from "bun";
import type { VrFrame, VrSink, VrSource, VrSourceContext } from "../../VrSource";
import { type Admission, admit } from "./admission";
import { BadFrameMeter } from "./BadFrameMeter";
import { ClockOffset } from "./ClockOffset";
import { loadOrCreateCertificate } from "./certificate";
import { OperatorStatus } from "./OperatorStatus";
import { buildPage, type PageBundle } from "./pageBundle";
import { certificateHosts, pageUrls } from "./urls";
import { validateFrame } from "./validateFrame";
import {
  CLOSE_ABUSE,
  CLOSE_PAIRING,
  CLOSE_REFUSED,
  type ClientKind,
  CODE_PARAM,
  type HelloMessage,
  MAX_BAD_FRAMES_PER_S,
  MAX_FRAME_BYTES,
  type PageController,
  type ServerMessage,
  type WebXrFrame,
  WS_PATH,
} from "./wire";

export interface WebXrConfig {
  port: number;
  host: string;
  tls: boolean;
  /** How the headset reaches this server (host or host:port); empty: the LAN addresses. */
  publicHost: string;
  certDir: string;
  /** The code a page must send in its hello; undefined: pairing off. */
  pairingCode: string | undefined;
  /** Poses with emulatedPosition (tracking lost, position inferred) drive; off: they are untracked. */
  acceptEmulated: boolean;
  /** The page pulses the controllers' haptic actuators. */
  haptics: boolean;
  /** The hand the controller follows. */
  hand: "right" | "left";
}

interface Conn {
  remote: string;
  connectedAt: number;
  client: ClientKind | undefined;
  bad: BadFrameMeter;
  /** Closes a connection that never says hello. */
  helloTimer: ReturnType<typeof setTimeout> | undefined;
  /** Refused: whatever it still sends is ignored. */
  refused: boolean;
}

/** How often the page is told the operator status. */
const STATUS_INTERVAL_MS = 100;
/** A silent peer (Wi-Fi gone) is dropped after this long, freeing the driver seat. */
const IDLE_TIMEOUT_S = 10;
/** A connection must say hello within this long. */
const HELLO_TIMEOUT_MS = 5000;

function released(c: Controller | undefined): Controller | undefined {
  return c && { ...c, tracked: false, grip: 0, buttons: { ...c.buttons, grip: false } };
}

/** The contract's Controller from the page's: an inferred position is tracked only when accepted. */
export function fromPage(c: PageController, acceptEmulated: boolean): Controller {
  const { emulated, ...controller } = c;
  return emulated && !acceptEmulated ? { ...controller, tracked: false } : controller;
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
  private emulatedFrames = 0;
  private rejected = 0;
  private refused = 0;
  private pairingRefused = 0;
  private readonly refusalLog = new RateLimiter(1000);

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
      ? await loadOrCreateCertificate(
          this.config.certDir,
          certificateHosts(lan, this.config.publicHost),
        )
      : undefined;
    if (cert?.created) {
      this.ctx.log.info("created a self-signed certificate; the headset asks to accept it once", {
        dir: this.config.certDir,
        ...(cert.missing.length > 0 && {
          replaced: `the kept one lacked ${cert.missing.join(", ")}`,
        }),
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
    this.status = new OperatorStatus(this.ctx.bus, (kind, detail) => {
      if (this.driver) this.send(this.driver, { type: "notice", kind, ...(detail && { detail }) });
    });
    void this.status.refreshRecording();
    this.statusTimer = setInterval(() => this.pushStatus(), STATUS_INTERVAL_MS);
    this.urls = pageUrls(this.config.host, this.port, this.config.tls, lan, this.config.publicHost);
    const code = this.config.pairingCode;
    const query = code ? `?${CODE_PARAM}=${code}` : "";
    for (const url of this.urls) this.ctx.log.info(`open ${url}${query} in the Quest browser`);
    if (this.config.tls && !this.config.publicHost && existsSync("/.dockerenv")) {
      this.ctx.log.warn(
        "in a container the addresses above are the container's, which no headset reaches: set WEBXR_PUBLIC_HOST to this machine's address (make up does)",
      );
    }
    if (code) {
      this.ctx.log.info(`pairing code: ${code} (the page asks for it when its URL lacks it)`);
    } else {
      this.ctx.log.warn(
        "WebXR pairing is off (WEBXR_PAIRING=off): any page that reaches this port can drive",
      );
    }
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
      emulatedFrames: this.emulatedFrames,
      acceptEmulated: this.config.acceptEmulated,
      rejected: this.rejected,
      refused: this.refused,
      pairing: this.config.pairingCode ? "on" : "off",
      pairingRefused: this.pairingRefused,
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
        helloTimer: undefined,
        refused: false,
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
    ws.data.helloTimer = setTimeout(() => {
      if (ws !== this.driver)
        this.refuse(
          ws,
          admit(this.driver?.data, { ...ws.data, code: undefined }, this.config.pairingCode),
          "no hello",
        );
    }, HELLO_TIMEOUT_MS);
  }

  /** The first message decides: its hello's pairing code, and whether another client drives. */
  private admitFirst(ws: ServerWebSocket<Conn>, msg: string | Buffer): void {
    const hello = typeof msg === "string" ? parseHello(msg) : undefined;
    const decision = admit(
      this.driver?.data,
      { ...ws.data, code: hello?.code },
      this.config.pairingCode,
    );
    if (!decision.ok) {
      this.refuse(ws, decision, hello ? "hello" : "no hello");
      return;
    }
    clearTimeout(ws.data.helloTimer);
    this.driver = ws;
    this.clock.reset();
    this.send(ws, {
      type: "welcome",
      remote: ws.data.remote,
      acceptEmulated: this.config.acceptEmulated,
      haptics: this.config.haptics,
      hand: this.config.hand,
    });
    this.pushStatus();
    this.ctx.log.info("WebXR client connected", { remote: ws.data.remote });
    this.sink?.event(EventType.deviceConnected, { source: "webxr", remote: ws.data.remote });
    if (hello) this.setClient(ws, hello.client);
    // Without pairing a page may start with frames; that first one counts.
    else this.message(ws, msg);
  }

  private refuse(ws: ServerWebSocket<Conn>, decision: Admission, first: string): void {
    if (decision.ok || ws.data.refused) return;
    ws.data.refused = true;
    clearTimeout(ws.data.helloTimer);
    const pairing = decision.refusal === "pairing";
    if (pairing) {
      this.pairingRefused++;
      this.ctx.counters.inc("webxr.pairingRefused");
    } else {
      this.refused++;
      this.ctx.counters.inc("webxr.refused");
    }
    const suppressed = this.refusalLog.take(decision.refusal, now());
    if (suppressed !== undefined) {
      this.ctx.log.warn(
        pairing
          ? "refused a WebXR client without the right pairing code"
          : "refused a second WebXR client",
        { remote: ws.data.remote, first, ...(suppressed ? { alsoRefused: suppressed } : {}) },
      );
    }
    this.send(ws, { type: "refused", reason: decision.reason });
    if (pairing) ws.close(CLOSE_PAIRING, "pairing code required");
    else ws.close(CLOSE_REFUSED, "another client is driving");
  }

  private setClient(ws: ServerWebSocket<Conn>, client: ClientKind): void {
    ws.data.client = client;
    this.ctx.log.info("WebXR client says hello", { remote: ws.data.remote, client });
  }

  private close(ws: ServerWebSocket<Conn>): void {
    clearTimeout(ws.data.helloTimer);
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
    if (ws.data.refused) return;
    if (ws !== this.driver) {
      this.admitFirst(ws, msg);
      return;
    }
    if (typeof msg === "string") {
      const hello = parseHello(msg);
      if (hello) this.setClient(ws, hello.client);
      else this.bad(ws, "text", "text message other than hello (frames must be binary)");
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
    if (f.right?.emulated || f.left?.emulated) {
      this.emulatedFrames++;
      this.ctx.counters.inc("webxr.emulatedFrames");
    }
    if (f.right) out.right = fromPage(f.right, this.config.acceptEmulated);
    if (f.left) out.left = fromPage(f.left, this.config.acceptEmulated);
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

function parseHello(text: string): HelloMessage | undefined {
  if (text.length > 256) return undefined;
  try {
    const m = JSON.parse(text) as { type?: unknown; client?: unknown; code?: unknown };
    if (m.type !== "hello" || (m.client !== "xr" && m.client !== "desktop")) return undefined;
    return {
      type: "hello",
      client: m.client,
      code: typeof m.code === "string" ? m.code : undefined,
    };
  } catch {
    return undefined;
  }
}
