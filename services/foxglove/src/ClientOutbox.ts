/**
 * Keep-latest sending to one viewer: while its socket holds no more than
 * `maxBuffered` bytes, frames go out at once; beyond that only the newest
 * frame of each subscription waits (an older waiting one is dropped and
 * counted), and the waiting frames go out when the socket drains. A viewer
 * that cannot keep up sees the newest data and never makes anyone wait.
 */

export interface FrameSink {
  /** Bytes accepted but not yet written to the network. */
  buffered(): number;
  send(frame: Uint8Array): void;
}

export class ClientOutbox {
  private readonly waiting = new Map<number, Uint8Array>();
  private readonly dropped = new Map<number, number>();
  sent = 0;

  constructor(
    private readonly sink: FrameSink,
    private readonly maxBuffered: number,
    private readonly onDrop: (subscription: number) => void = () => {},
  ) {}

  offer(subscription: number, frame: Uint8Array): void {
    this.drain();
    if (!this.waiting.has(subscription) && this.sink.buffered() <= this.maxBuffered) {
      this.sink.send(frame);
      this.sent++;
      return;
    }
    if (this.waiting.delete(subscription)) {
      this.dropped.set(subscription, (this.dropped.get(subscription) ?? 0) + 1);
      this.onDrop(subscription);
    }
    // Re-inserted last: waiting frames go out oldest first, so no channel starves.
    this.waiting.set(subscription, frame);
  }

  /** Send waiting frames while the socket has room (call on the socket's drain). */
  drain(): void {
    for (const [subscription, frame] of this.waiting) {
      if (this.sink.buffered() > this.maxBuffered) return;
      this.waiting.delete(subscription);
      this.sink.send(frame);
      this.sent++;
    }
  }

  /** Forget a subscription's waiting frame (unsubscribed); its drop count stays. */
  forget(subscription: number): void {
    this.waiting.delete(subscription);
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Dropped frames per subscription id. */
  drops(): ReadonlyMap<number, number> {
    return this.dropped;
  }

  get totalDropped(): number {
    let n = 0;
    for (const d of this.dropped.values()) n += d;
    return n;
  }
}
