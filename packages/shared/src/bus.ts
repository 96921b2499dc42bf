/**
 * The NATS edge shared by every service: a named connection that reconnects
 * forever, typed publish, keep-latest subscriptions, request/reply, and KV.
 */
import { readFileSync } from "node:fs";
import type { KV, KvOptions } from "@nats-io/kv";
import type { Authenticator, NatsConnection, Subscription } from "@nats-io/nats-core";
import {
  nkeyAuthenticator,
  PermissionViolationError,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from "@nats-io/nats-core";
import { connect } from "@teleop/nats-bun/connect";
import { HeldReads } from "@teleop/nats-bun/HeldReads";
import { now } from "./clock";
import { type Decoded, decode, encode } from "./codec";
import { FLOOD_DECODES_PER_WINDOW, FLOOD_WINDOW_MS, FloodGate } from "./FloodGate";
import { Latest, type Rejection } from "./Latest";
import type { Logger } from "./log";
import type { MessageType, TeleopEvent } from "./messages";
import { RateLimiter } from "./RateLimiter";
import { type Subjects, subjects } from "./subjects";

export type { Subscription };
export { HeldReads };

export interface BusOptions {
  url: string;
  /** Service name, used for the connection name and in events. */
  service: string;
  instance: string;
  prefix: string;
  log: Logger;
  user?: string;
  password?: string;
  token?: string;
  nkeySeedFile?: string;
  /** Connect over TLS, verifying the server with this certificate (or CA) file. */
  tlsCaFile?: string;
  /** Keep trying until the first connection succeeds (services); false for CLIs. */
  waitOnFirstConnect?: boolean;
  timeoutMs?: number;
  /** Socket reads the service can hold (see HeldReads). */
  heldReads?: HeldReads;
}

function authenticator(o: BusOptions): Authenticator | undefined {
  if (o.nkeySeedFile) {
    const seed = readFileSync(o.nkeySeedFile, "utf8").trim();
    return nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  if (o.token) return tokenAuthenticator(o.token);
  if (o.user) return usernamePasswordAuthenticator(o.user, o.password ?? "");
  return undefined;
}

/** Logs rejected input at most once a second per subject, with the count since the last line. */
class RejectLog {
  private readonly limiter = new RateLimiter(1000);
  constructor(private readonly log: Logger) {}

  report(subject: string, reason: string): void {
    const suppressed = this.limiter.take(subject, Date.now());
    if (suppressed === undefined) return;
    this.log.warn(
      `rejected message on ${subject}: ${reason}`,
      suppressed ? { alsoRejected: suppressed } : undefined,
    );
  }
}

/** While the first connection is not made, a line this often says so. */
const WAITING_LOG_MS = 5000;
const FLOODED = `flooded: over ${(FLOOD_DECODES_PER_WINDOW * 1000) / FLOOD_WINDOW_MS} msg/s; the rest of each ${FLOOD_WINDOW_MS} ms window is not decoded`;

export class Bus {
  readonly subjects: Subjects;
  /** Messages and requests dropped undecoded by `subscribe` and `serve` under a flood. */
  floodDropped = 0;
  private readonly rejectLog: RejectLog;
  private up = true;
  private refusedAt = Number.NEGATIVE_INFINITY;

  private constructor(
    readonly nc: NatsConnection,
    readonly log: Logger,
    prefix: string,
    readonly service: string,
  ) {
    this.subjects = subjects(prefix);
    this.rejectLog = new RejectLog(log);
    void this.watchStatus();
  }

  static async connect(o: BusOptions): Promise<Bus> {
    const servers = o.url
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    let nc: NatsConnection;
    // A service waits for its server (compose may start it first), but not silently.
    const startedAt = Date.now();
    const waiting = setInterval(() => {
      o.log.warn(`NATS at ${servers.join(", ")} is not reachable yet; still trying`, {
        waitedS: Math.round((Date.now() - startedAt) / 1000),
      });
    }, WAITING_LOG_MS);
    try {
      nc = await connect({
        servers,
        name: `${o.service}/${o.instance}`,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        reconnectJitter: 100,
        pingInterval: 2000,
        maxPingOut: 2,
        waitOnFirstConnect: o.waitOnFirstConnect ?? true,
        timeout: o.timeoutMs ?? 5000,
        authenticator: authenticator(o),
        ...(o.tlsCaFile && { tls: { caFile: o.tlsCaFile } }),
        // No stack captured at every request (two Errors each, a KV write
        // included): our errors name the subject and the reason themselves.
        noAsyncTraces: true,
        heldReads: o.heldReads,
      });
    } catch (err) {
      const reason = (err as Error).message;
      const hint = /requires TLS/.test(reason)
        ? "Set NATS_TLS_CA to the server's certificate file (`teleop nats-cert` makes one)."
        : /certificate|self[- ]signed|altnames/i.test(reason)
          ? "NATS_TLS_CA must be the certificate this server serves, naming the host dialled."
          : "Start a server (make run starts one; or `nats-server -js`) or set NATS_URL.";
      throw new Error(`cannot connect to NATS at ${servers.join(", ")}: ${reason}. ${hint}`);
    } finally {
      clearInterval(waiting);
    }
    o.log.info("connected to NATS", { server: nc.getServer(), prefix: o.prefix });
    return new Bus(nc, o.log, o.prefix, o.service);
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      switch (s.type) {
        case "disconnect":
          this.up = false;
          this.log.warn("disconnected from NATS; reconnecting", { server: s.server });
          break;
        case "reconnect":
          this.up = true;
          this.log.info("reconnected to NATS", { server: s.server });
          break;
        case "error":
          if (s.error instanceof PermissionViolationError) this.refusedAt = now();
          this.log.warn("NATS error", { error: String(s.error) });
          break;
        case "slowConsumer":
          this.log.warn("NATS slow consumer", { subject: s.sub.getSubject() });
          break;
        default:
          break;
      }
    }
  }

  /** The connection is up (not reconnecting, not closed): what is published now reaches the server. */
  get connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  /**
   * Connected, and the server has refused this client no subject for
   * `windowMs` (a permission violation means messages silently go nowhere).
   */
  healthy(t: number = now(), windowMs = 5000): boolean {
    return this.connected && t - this.refusedAt > windowMs;
  }

  publish(subject: string, msg: unknown): void {
    this.nc.publish(subject, encode(msg));
  }

  /** Publish an Event on the events subject. */
  event(type: string, data?: Record<string, unknown>): void {
    const ev: TeleopEvent = { v: 1, t: now(), service: this.service, type, data };
    this.publish(this.subjects.events, ev);
  }

  /** Keep-latest subscription; rejected input is logged (rate-limited) and counted. */
  latest<T extends { t: number }>(
    subject: string,
    type: MessageType<T>,
    maxBytes?: number,
  ): Latest<T> {
    type.compile();
    const slot = new Latest(subject, type, maxBytes);
    slot.onReject((r) => this.rejectLog.report(subject, r.reason));
    slot.onFlood(() => this.rejectLog.report(subject, FLOODED));
    this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (!err) slot.offer(msg.data);
      },
    });
    return slot;
  }

  /** Every valid message, in arrival order (for consumers that need each one, e.g. events). */
  subscribe<T>(
    subject: string,
    type: MessageType<T>,
    handler: (value: T, subject: string) => void,
    onReject?: (r: Rejection, subject: string) => void,
    maxBytes?: number,
  ): Subscription {
    type.compile();
    const gate = new FloodGate();
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err || this.shed(gate, msg.subject)) return;
        const r = decode(type, msg.data, maxBytes);
        if (r.ok) {
          handler(r.value, msg.subject);
        } else {
          this.rejectLog.report(msg.subject, r.reason);
          onReject?.(r, msg.subject);
        }
      },
    });
    return sub;
  }

  /** Under a flood the messages past the window's budget are dropped undecoded, and counted. */
  private shed(gate: FloodGate, subject: string): boolean {
    const admitted = gate.admit(now());
    if (admitted.pass) return false;
    this.floodDropped++;
    if (admitted.firstHeld) this.rejectLog.report(subject, FLOODED);
    return true;
  }

  /** Send a request and decode the typed reply; throws with a readable reason. */
  async request<Rep>(
    subject: string,
    req: unknown,
    replyType: MessageType<Rep>,
    timeoutMs = 2000,
  ): Promise<Rep> {
    let reply: Uint8Array;
    try {
      reply = (await this.nc.request(subject, encode(req), { timeout: timeoutMs })).data;
    } catch (err) {
      const msg = (err as Error).message;
      throw new Error(
        /no responders|503/i.test(msg)
          ? `no service answers ${subject} (is it running?)`
          : `request on ${subject} failed: ${msg}`,
      );
    }
    const r: Decoded<Rep> = decode(replyType, reply);
    if (!r.ok) throw new Error(`bad reply on ${subject}: ${r.reason}`);
    return r.value;
  }

  /** Answer requests on a subject; invalid requests get `onInvalid`'s reply. */
  serve<Req, Rep>(
    subject: string,
    reqType: MessageType<Req>,
    handler: (req: Req) => Rep | Promise<Rep>,
    onInvalid: (reason: string) => Rep,
    queue?: string,
  ): Subscription {
    reqType.compile();
    // A flood of requests is shed like one of messages: those past the budget get no reply.
    const gate = new FloodGate();
    const sub = this.nc.subscribe(subject, {
      queue,
      callback: (err, msg) => {
        if (err || this.shed(gate, subject)) return;
        const r = msg.data.length === 0 ? decode(reqType, encode({})) : decode(reqType, msg.data);
        if (!r.ok) {
          this.rejectLog.report(subject, r.reason);
          msg.respond(encode(onInvalid(r.reason)));
          return;
        }
        Promise.resolve()
          .then(() => handler(r.value))
          .then(
            (rep) => msg.respond(encode(rep)),
            (e: unknown) => {
              this.log.error(`handler for ${subject} failed`, { error: e });
              msg.respond(encode(onInvalid((e as Error).message ?? String(e))));
            },
          );
      },
    });
    return sub;
  }

  /** Open (creating if needed) a KV bucket (the KV client is loaded on first use: most services have none). */
  async kv(bucket: string, opts: Partial<KvOptions> = {}): Promise<KV> {
    const { Kvm } = await import("@nats-io/kv");
    return new Kvm(this.nc).create(bucket, opts);
  }

  async flush(): Promise<void> {
    await this.nc.flush();
  }

  /** Drain subscriptions and close; safe to call twice. */
  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    try {
      await this.nc.drain();
    } catch {
      await this.nc.close();
    }
  }
}
