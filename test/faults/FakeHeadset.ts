/**
 * A stand-in Quest at the hardware edge, speaking the WebXR page's wire
 * protocol (JSON hello with the pairing code, then one binary msgpack frame
 * per XR frame at 72 Hz): the hand follows a scenario through the scripted
 * operator, and the suite can silence it, lose tracking, or push raw bytes
 * down the same socket. It reconnects by itself, as the page does.
 */
import { now } from "@teleop/shared/clock";
import { encode } from "@teleop/shared/codec";
import { loadScenario } from "../../services/vr-ingest/src/sources/sim/loadScenario";
import { Operator } from "../../services/vr-ingest/src/sources/sim/Operator";
import { compileScenario } from "../../services/vr-ingest/src/sources/sim/scenario";
import type { ServerMessage } from "../../services/vr-ingest/src/sources/webxr/wire";
import { WS_PATH } from "../../services/vr-ingest/src/sources/webxr/wire";

export type HeadsetMode = "tracking" | "silent" | "untracked";

const QUEST_HZ = 72;
const RECONNECT_MS = 200;

export class FakeHeadset {
  mode: HeadsetMode = "tracking";
  /** Server messages received, in order. */
  readonly received: ServerMessage[] = [];
  /** Close codes of every connection that ended. */
  readonly closes: number[] = [];
  welcomes = 0;
  private ws: WebSocket | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly operator: Operator;
  private readonly startedAt = now();
  private running = true;

  constructor(
    private readonly port: number,
    scenarioPath: string,
    private readonly code: string,
  ) {
    this.operator = new Operator(compileScenario(loadScenario(scenarioPath), true), {
      seed: 1,
      tremorM: 0,
      loop: true,
    });
    this.connect();
    this.timer = setInterval(() => this.tick(), 1000 / QUEST_HZ);
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN && this.welcomes > 0;
  }

  /** Raw bytes or text down the driver's socket (bad input). */
  sendRaw(data: Uint8Array | string): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(data);
    return true;
  }

  close(): void {
    this.running = false;
    clearInterval(this.timer);
    this.ws?.close(1000, "test over");
  }

  private connect(): void {
    const ws = new WebSocket(`ws://127.0.0.1:${this.port}${WS_PATH}`);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: "hello", client: "xr", code: this.code }));
    ws.onmessage = (ev) => {
      if (typeof ev.data !== "string") return;
      const msg = JSON.parse(ev.data) as ServerMessage;
      this.received.push(msg);
      if (msg.type === "welcome") this.welcomes++;
    };
    ws.onclose = (ev) => {
      this.closes.push(ev.code);
      if (this.ws === ws) this.ws = undefined;
      if (this.running) setTimeout(() => this.connect(), RECONNECT_MS);
    };
  }

  private tick(): void {
    if (this.mode === "silent" || !this.connected) return;
    const t = now();
    const s = this.operator.sample((t - this.startedAt) / 1000);
    const untracked = this.mode === "untracked";
    // Lost tracking: the pose still changes (the headset guesses), flagged untracked.
    const right = untracked ? { ...s.right, tracked: false } : s.right;
    const left = untracked ? { ...s.left, tracked: false } : s.left;
    this.ws?.send(encode({ t, right, left }));
  }
}
