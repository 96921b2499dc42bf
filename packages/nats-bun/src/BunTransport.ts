/**
 * A nats.js v3 transport on Bun's native TCP sockets (`Bun.connect`). The
 * node transport writes through Bun's node:net compatibility layer, which
 * costs about 0.26 ms of CPU per publish here against about 0.07 ms on a
 * native socket (BENCHMARKS.md); at 40 Hz across every stream that is most
 * of the stack's CPU. Plain TCP only: TLS connections use the node transport
 * (see connect.ts). Reconnects are nats-core's: this class is one connection.
 */

import {
  type ConnectionOptions,
  checkOptions,
  type Deferred,
  deferred,
  errors,
  extractProtocolMessage,
  INFO,
  type Server,
  type ServerInfo,
  type Transport,
} from "@nats-io/nats-core/internal";
import type { Socket } from "bun";
import type { HeldReads, ReadSwitch, WithHeldReads } from "./HeldReads";

export const BUN_TRANSPORT_VERSION = "bun-1";

export class BunTransport implements Transport, ReadSwitch {
  readonly lang = "nats.js";
  readonly version = BUN_TRANSPORT_VERSION;
  closeError?: Error;
  private socket: Socket<undefined> | undefined;
  private yields: Uint8Array[] = [];
  private signal: Deferred<void> = deferred();
  private readonly closedNotification: Deferred<Error | undefined> = deferred();
  /** Bytes the kernel did not take yet, in order; written on drain. */
  private pending: Uint8Array[] = [];
  private connected = false;
  private done = false;
  private socketError: Error | undefined;
  private info: Deferred<ServerInfo> | undefined = deferred();
  private head: Uint8Array[] = [];
  private heldReads: HeldReads | undefined;
  private readCount = 0;

  get isClosed(): boolean {
    return this.done;
  }

  async connect(hp: Server, options: ConnectionOptions): Promise<void> {
    if (options.tls) {
      throw errors.InvalidArgumentError.format("tls", "is not supported by the Bun transport");
    }
    try {
      this.socket = await Bun.connect({
        hostname: hp.hostname,
        port: hp.port,
        socket: {
          // Bun hands a view of its read buffer: keep a copy past the callback.
          data: (_s, data) => this.received(new Uint8Array(data)),
          drain: () => this.flushPending(),
          error: (_s, err) => {
            this.socketError = err;
          },
          end: (s) => {
            s.end();
          },
          close: () => this.peerClosed(),
        },
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw code === "ECONNREFUSED"
        ? new errors.ConnectionError("connection refused", { cause: err as Error })
        : err;
    }
    this.socket.setNoDelay(true);
    try {
      const info = await this.info!;
      checkOptions(info, options);
      if (info.tls_required) {
        throw new errors.ConnectionError(
          "the server requires TLS; connect with tls options (a CA file), which the node transport serves",
        );
      }
    } catch (err) {
      this.socket?.terminate();
      throw err;
    }
    this.connected = true;
    this.heldReads = (options as WithHeldReads).heldReads;
    this.heldReads?.attach(this);
    this.signal.resolve();
  }

  /** Data callbacks so far (HeldReads polls again while they come). */
  get reads(): number {
    return this.readCount;
  }

  pauseReads(): void {
    this.socket?.pause();
  }

  resumeReads(): void {
    this.socket?.resume();
  }

  private received(frame: Uint8Array): void {
    this.readCount++;
    this.yields.push(frame);
    if (this.info) {
      // Until the first INFO line is whole, only peek: the protocol handler reads it too.
      this.head.push(frame);
      const all = Buffer.concat(this.head);
      const line = extractProtocolMessage(all);
      if (line === "") return;
      const d = this.info;
      this.info = undefined;
      this.head = [];
      const m = INFO.exec(line);
      if (!m?.[1]) d.reject(new Error("unexpected response from server"));
      else {
        try {
          d.resolve(JSON.parse(m[1]));
        } catch (err) {
          d.reject(err as Error);
        }
      }
      return;
    }
    this.signal.resolve();
  }

  private peerClosed(): void {
    if (this.info) {
      const d = this.info;
      this.info = undefined;
      d.reject(this.socketError ?? new errors.ConnectionError("connection closed before INFO"));
    }
    void this.closedBy(this.socketError, false);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this.iterate();
  }

  async *iterate(): AsyncIterableIterator<Uint8Array> {
    while (true) {
      if (this.yields.length === 0) await this.signal;
      const yields = this.yields;
      this.yields = [];
      for (const y of yields) yield y;
      if (this.done) break;
      if (this.yields.length === 0) this.signal = deferred();
    }
  }

  isEncrypted(): boolean {
    return false;
  }

  send(frame: Uint8Array): void {
    const s = this.socket;
    if (this.done || !s || frame.length === 0) return;
    if (this.pending.length > 0) {
      this.pending.push(frame);
      return;
    }
    const n = s.write(frame);
    if (n < frame.length) this.pending.push(frame.subarray(Math.max(0, n)));
  }

  private flushPending(): void {
    const s = this.socket;
    while (s && this.pending.length > 0) {
      const head = this.pending[0]!;
      const n = s.write(head);
      if (n < head.length) {
        this.pending[0] = head.subarray(Math.max(0, n));
        return;
      }
      this.pending.shift();
    }
  }

  close(err?: Error): Promise<void> {
    return this.closedBy(err, true);
  }

  disconnect(): void {
    void this.closedBy(undefined, true);
  }

  discard(): void {
    this.heldReads?.detach(this);
    this.done = true;
    this.socket?.terminate();
  }

  closed(): Promise<Error | undefined> {
    return this.closedNotification;
  }

  private async closedBy(err: Error | undefined, internal: boolean): Promise<void> {
    if (!this.connected) return;
    if (this.done) {
      this.socket?.terminate();
      return;
    }
    this.closeError = err;
    this.done = true;
    this.heldReads?.detach(this);
    const s = this.socket;
    this.socket = undefined;
    if (s) {
      // A close we asked for sends what is queued first; a peer close cannot.
      if (internal && !err && this.pending.length === 0) s.end();
      else s.terminate();
    }
    this.pending = [];
    this.signal.resolve();
    this.closedNotification.resolve(this.closeError);
  }
}
