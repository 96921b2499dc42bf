/**
 * The page's WebSocket to vr-ingest: says hello with the pairing code,
 * reconnects by itself (backing off to 3 s; every 5 s when refused because
 * another client drives; not at all without the right code, until the
 * operator enters it) and drops frames rather than queueing them on a slow
 * link, since a stale pose is worth nothing.
 */
import {
  CLOSE_PAIRING,
  CLOSE_REFUSED,
  type ClientKind,
  type HelloMessage,
  type ServerMessage,
  WS_PATH,
} from "../wire";

export type SocketState = "connecting" | "connected" | "refused" | "pairing" | "disconnected";

/** More than this many unsent bytes means the link is behind: skip frames. */
const MAX_BUFFERED_BYTES = 16 * 1024;
const MAX_BACKOFF_MS = 3000;
const REFUSED_RETRY_MS = 5000;

export class PageSocket {
  state: SocketState = "connecting";
  private ws: WebSocket | undefined;
  private attempts = 0;
  private refusedReason: string | undefined;

  constructor(
    private client: ClientKind,
    private code: string | undefined,
    private readonly onState: (state: SocketState, detail: string) => void,
    private readonly onMessage: (msg: ServerMessage) => void,
  ) {}

  connect(): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${WS_PATH}`);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    this.setState("connecting", "");
    ws.onopen = () => this.hello();
    ws.onmessage = (ev) => {
      if (typeof ev.data !== "string") return;
      const msg = JSON.parse(ev.data) as ServerMessage;
      if (msg.type === "welcome") {
        this.attempts = 0;
        this.setState("connected", `as ${msg.remote}`);
      } else if (msg.type === "refused") this.refusedReason = msg.reason;
      this.onMessage(msg);
    };
    ws.onclose = (ev) => {
      this.ws = undefined;
      if (ev.code === CLOSE_PAIRING) {
        this.setState("pairing", this.refusedReason ?? ev.reason);
        return;
      }
      if (ev.code === CLOSE_REFUSED) {
        this.setState("refused", this.refusedReason ?? ev.reason);
        setTimeout(() => this.connect(), REFUSED_RETRY_MS);
        return;
      }
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.attempts++);
      this.setState("disconnected", `${ev.reason || `code ${ev.code}`}; retrying in ${delay} ms`);
      setTimeout(() => this.connect(), delay);
    };
  }

  /** Tell the server what drives (XR session or desktop fallback). */
  setClient(client: ClientKind): void {
    this.client = client;
    this.hello();
  }

  /** The operator typed the pairing code: connect again with it. */
  setCode(code: string): void {
    this.code = code;
    if (!this.ws) this.connect();
  }

  /** Send one frame; false when it was dropped (not connected, or the link is behind). */
  send(bytes: Uint8Array): boolean {
    const ws = this.ws;
    if (this.state !== "connected" || !ws || ws.readyState !== WebSocket.OPEN) return false;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return false;
    ws.send(bytes);
    return true;
  }

  private hello(): void {
    if (this.ws?.readyState === WebSocket.OPEN) {
      const hello: HelloMessage = { type: "hello", client: this.client, code: this.code };
      this.ws.send(JSON.stringify(hello));
    }
  }

  private setState(state: SocketState, detail: string): void {
    this.state = state;
    this.onState(state, detail);
  }
}
