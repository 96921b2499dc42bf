/**
 * A Foxglove viewer for tests: the ws-protocol package's own FoxgloveClient
 * over Bun's WebSocket, keeping what each topic delivered (count, source
 * stamps, the last message).
 */
import { type Channel, FoxgloveClient } from "@foxglove/ws-protocol";

export interface TopicLog {
  count: number;
  /** Message timestamps (ns) in arrival order. */
  stamps: bigint[];
  /** Arrival times (epoch ms). */
  arrivals: number[];
  last?: unknown;
}

const decoder = new TextDecoder();

export class Viewer {
  readonly client: FoxgloveClient;
  readonly ws: WebSocket;
  readonly channels = new Map<string, Channel>();
  readonly topics = new Map<string, TopicLog>();
  private readonly bySubscription = new Map<number, string>();
  serverInfo: unknown;

  private constructor(url: string, protocol: string) {
    this.ws = new WebSocket(url, [protocol]);
    this.client = new FoxgloveClient({ ws: this.ws as never });
    this.client.on("serverInfo", (info) => {
      this.serverInfo = info;
    });
    this.client.on("advertise", (chs) => {
      for (const ch of chs) this.channels.set(ch.topic, ch);
    });
    this.client.on("message", (m) => {
      const topic = this.bySubscription.get(m.subscriptionId);
      if (!topic) return;
      const log = this.topics.get(topic) ?? { count: 0, stamps: [], arrivals: [] };
      log.count++;
      log.stamps.push(m.timestamp);
      log.arrivals.push(performance.timeOrigin + performance.now());
      log.last = JSON.parse(decoder.decode(m.data));
      this.topics.set(topic, log);
    });
  }

  static async connect(url: string, protocol = FoxgloveClient.SUPPORTED_SUBPROTOCOL) {
    const v = new Viewer(url, protocol);
    await new Promise<void>((resolve, reject) => {
      v.ws.addEventListener("open", () => resolve(), { once: true });
      v.ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), {
        once: true,
      });
    });
    return v;
  }

  subscribe(topics: readonly string[]): void {
    for (const topic of topics) {
      const ch = this.channels.get(topic);
      if (!ch) throw new Error(`${topic} is not advertised`);
      this.bySubscription.set(this.client.subscribe(ch.id), topic);
    }
  }

  log(topic: string): TopicLog {
    return this.topics.get(topic) ?? { count: 0, stamps: [], arrivals: [] };
  }

  /** Messages of a topic that arrived in [from, to). */
  countBetween(topic: string, from: number, to: number): number {
    return this.log(topic).arrivals.filter((a) => a >= from && a < to).length;
  }

  close(): void {
    this.client.close();
  }
}
