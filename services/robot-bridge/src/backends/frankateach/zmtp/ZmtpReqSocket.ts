/**
 * A ZeroMQ REQ socket over one TCP connection (ZMTP 3.x, NULL mechanism),
 * enough to talk to a pyzmq/libzmq REP server. One request at a time, as
 * REQ requires. After a lost reply the socket is useless (a REQ socket
 * cannot send again before it receives), so the owner closes it and
 * connects a new one.
 */
import { createConnection, type Socket } from "node:net";
import {
  decodeCommand,
  decodeFrame,
  decodeGreeting,
  decodeProperties,
  encodeCommand,
  encodeGreeting,
  encodeReady,
  encodeRequest,
  errorReason,
  GREETING_BYTES,
  replyBody,
} from "./zmtp";

const PEER_TYPES = ["REP", "ROUTER"];

interface Pending {
  resolve(body: Uint8Array): void;
  reject(err: Error): void;
}

export class ZmtpReqSocket {
  private buf = new Uint8Array(0);
  private phase: "greeting" | "handshake" | "ready" | "closed" = "greeting";
  private parts: Uint8Array[] = [];
  private pending: Pending | undefined;
  private handshake: { resolve(): void; reject(err: Error): void } | undefined;
  private closeReason = "socket closed";
  private readonly socket: Socket;
  readonly endpoint: string;

  /** Resolves when the ZMTP handshake is done; rejects with a readable reason. */
  readonly ready: Promise<void>;

  /**
   * Start connecting. Nothing times out here: the owner bounds the wait on
   * `ready` and calls close(), which also ends a connection attempt.
   */
  constructor(host: string, port: number) {
    this.endpoint = `tcp://${host}:${port}`;
    this.ready = new Promise<void>((resolve, reject) => {
      this.handshake = { resolve, reject };
    });
    // Callers may close before awaiting `ready`.
    this.ready.catch(() => undefined);
    this.socket = createConnection({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on("connect", () => this.socket.write(encodeGreeting()));
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", (err: NodeJS.ErrnoException) => {
      this.fail(
        this.phase === "ready"
          ? `connection to ${this.endpoint} failed: ${err.code ?? err.message}`
          : `cannot reach the robot server at ${this.endpoint}: ${err.code ?? err.message}`,
      );
    });
    this.socket.on("close", () => this.fail(`connection to ${this.endpoint} closed by the peer`));
  }

  get connected(): boolean {
    return this.phase === "ready";
  }

  /** Send one request body and wait for the reply body. */
  request(body: Uint8Array): Promise<Uint8Array> {
    if (this.phase !== "ready") return Promise.reject(new Error(this.closeReason));
    if (this.pending) return Promise.reject(new Error("a request is already in flight"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(encodeRequest(body));
    });
  }

  close(reason = "socket closed"): void {
    this.fail(reason);
  }

  private fail(reason: string): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    this.closeReason = reason;
    this.socket.destroy();
    const err = new Error(reason);
    this.handshake?.reject(err);
    this.pending?.reject(err);
    this.handshake = undefined;
    this.pending = undefined;
  }

  private onData(chunk: Uint8Array): void {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    try {
      this.process();
    } catch (err) {
      this.fail(`protocol error from ${this.endpoint}: ${(err as Error).message}`);
    }
  }

  private process(): void {
    if (this.phase === "greeting") {
      if (this.buf.length < GREETING_BYTES) return;
      decodeGreeting(this.buf.subarray(0, GREETING_BYTES));
      this.buf = this.buf.slice(GREETING_BYTES);
      this.phase = "handshake";
      this.socket.write(encodeReady("REQ"));
    }
    let offset = 0;
    for (;;) {
      if (this.phase === "closed") return;
      const r = decodeFrame(this.buf, offset);
      if (!r) break;
      offset = r.next;
      if (r.frame.command) this.onCommand(r.frame.body);
      else this.onMessageFrame(r.frame.body, r.frame.more);
    }
    this.buf = this.buf.slice(offset);
  }

  private onCommand(body: Uint8Array): void {
    const cmd = decodeCommand(body);
    if (cmd.name === "ERROR") throw new Error(`peer refused: ${errorReason(cmd.data)}`);
    if (cmd.name === "PING") {
      // PONG echoes the ping context (after the 2-byte TTL).
      this.socket.write(encodeCommand("PONG", cmd.data.slice(2)));
      return;
    }
    if (cmd.name !== "READY" || this.phase !== "handshake") return;
    const props = decodeProperties(cmd.data);
    const type = Object.entries(props).find(([k]) => k.toLowerCase() === "socket-type")?.[1];
    if (!type || !PEER_TYPES.includes(type.toUpperCase()))
      throw new Error(`peer socket type ${type ?? "(none)"} cannot answer a REQ socket`);
    this.phase = "ready";
    this.handshake?.resolve();
    this.handshake = undefined;
  }

  private onMessageFrame(body: Uint8Array, more: boolean): void {
    if (this.phase !== "ready") throw new Error("message before the handshake ended");
    this.parts.push(body);
    if (more) return;
    const parts = this.parts;
    this.parts = [];
    const p = this.pending;
    this.pending = undefined;
    if (!p) throw new Error("reply without a request");
    try {
      p.resolve(replyBody(parts));
    } catch (err) {
      p.reject(err as Error);
    }
  }
}
