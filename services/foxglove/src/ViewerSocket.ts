/**
 * One viewer's connection as the ws-protocol library's IWebSocket, over Bun's
 * native ServerWebSocket. Control messages (JSON) go straight out; message
 * frames go through the viewer's keep-latest outbox. It also reads the
 * viewer's subscribe/unsubscribe requests so the live view can send a new
 * subscriber the latched data and name dropped frames by channel.
 */
import type { IWebSocket } from "@foxglove/ws-protocol";
import type { ServerWebSocket } from "bun";
import { ClientOutbox } from "./ClientOutbox";
import { messageDataFrame, subscriptionOf } from "./messageData";

export interface ViewerData {
  name: string;
  protocol: string;
  viewer?: ViewerSocket;
}

type Handler = IWebSocket["onmessage"];

export interface ViewerListener {
  subscribed(viewer: ViewerSocket, subscription: number, channel: number): void;
  dropped(viewer: ViewerSocket, channel: number | undefined): void;
}

export class ViewerSocket implements IWebSocket {
  binaryType = "arraybuffer";
  onerror: Handler;
  onopen: Handler;
  onclose: Handler;
  onmessage: Handler;
  readonly outbox: ClientOutbox;
  /** Subscription id -> channel id, as the viewer asked. */
  readonly subscriptions = new Map<number, number>();
  /** Channel id -> dropped frames, kept after an unsubscribe. */
  private readonly droppedBefore = new Map<number, number>();

  constructor(
    private readonly ws: ServerWebSocket<ViewerData>,
    maxBuffered: number,
    private readonly listener: ViewerListener,
  ) {
    this.outbox = new ClientOutbox(
      { buffered: () => ws.getBufferedAmount(), send: (f) => void ws.send(f) },
      maxBuffered,
      (sub) => listener.dropped(this, this.subscriptions.get(sub)),
    );
  }

  get name(): string {
    return this.ws.data.name;
  }

  get protocol(): string {
    return this.ws.data.protocol;
  }

  get bufferedBytes(): number {
    return this.ws.getBufferedAmount();
  }

  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (typeof data === "string") {
      this.ws.send(data);
      return;
    }
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    const subscription = subscriptionOf(bytes);
    if (subscription === undefined) this.ws.send(bytes);
    else this.outbox.offer(subscription, bytes);
  }

  /** One message to this viewer only (latched data for a new subscriber). */
  sendTo(subscription: number, ns: bigint, payload: Uint8Array): void {
    this.outbox.offer(subscription, messageDataFrame(subscription, ns, payload));
  }

  close(): void {
    this.ws.close();
  }

  /** A message from the viewer: to the library first, then noted. */
  received(message: string | Buffer): void {
    if (typeof message !== "string") {
      const copy = new Uint8Array(message).buffer;
      this.onmessage?.({ data: copy });
      return;
    }
    this.onmessage?.({ data: message });
    let parsed: { op?: string; subscriptions?: unknown; subscriptionIds?: unknown };
    try {
      parsed = JSON.parse(message);
    } catch {
      return; // the library has already reported it
    }
    if (parsed.op === "subscribe" && Array.isArray(parsed.subscriptions)) {
      for (const s of parsed.subscriptions as Array<{ id?: unknown; channelId?: unknown }>) {
        if (typeof s.id !== "number" || typeof s.channelId !== "number") continue;
        if (this.subscriptions.has(s.id)) continue;
        this.subscriptions.set(s.id, s.channelId);
        this.listener.subscribed(this, s.id, s.channelId);
      }
    } else if (parsed.op === "unsubscribe" && Array.isArray(parsed.subscriptionIds)) {
      for (const id of parsed.subscriptionIds) {
        const channel = this.subscriptions.get(id);
        if (channel === undefined) continue;
        const d = this.outbox.drops().get(id) ?? 0;
        if (d > 0) this.droppedBefore.set(channel, (this.droppedBefore.get(channel) ?? 0) + d);
        this.subscriptions.delete(id);
        this.outbox.forget(id);
      }
    }
  }

  drained(): void {
    this.outbox.drain();
  }

  closed(code: number, reason: string): void {
    this.onclose?.({ code, reason, wasClean: code === 1000 });
  }

  /** Dropped frames per channel id since the viewer connected. */
  dropsByChannel(): Map<number, number> {
    const out = new Map(this.droppedBefore);
    for (const [sub, d] of this.outbox.drops()) {
      const channel = this.subscriptions.get(sub);
      if (channel !== undefined && d > 0) out.set(channel, (out.get(channel) ?? 0) + d);
    }
    return out;
  }
}
