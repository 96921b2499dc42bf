/**
 * Keep-latest slot for one subject: holds only the newest valid message and
 * when it arrived. Loops read it on their own tick; nothing queues. A message
 * older than the one held (by its source time `t`) is counted and dropped; a
 * publisher restart (seq back to 0 with a newer `t`) is accepted.
 */
import { now } from "./clock";
import { type Decoded, decode, type RejectKind } from "./codec";
import type { MessageType } from "./messages";

export interface LatestCounters {
  received: number;
  rejected: number;
  outOfOrder: number;
  seqResets: number;
}

export type Rejection = { kind: RejectKind; reason: string };

export class Latest<T extends { t: number }> {
  value: T | undefined;
  /** Source time of the held message (epoch ms). */
  t: number | undefined;
  seq: number | undefined;
  receivedAt: number | undefined;
  readonly counters: LatestCounters = { received: 0, rejected: 0, outOfOrder: 0, seqResets: 0 };
  private readonly listeners: Array<(value: T) => void> = [];
  private readonly rejectListeners: Array<(r: Rejection) => void> = [];

  constructor(
    readonly subject: string,
    readonly type: MessageType<T>,
  ) {}

  /** Feed raw bytes; returns the decode result. */
  offer(data: Uint8Array, receivedAt: number = now()): Decoded<T> {
    const r = decode(this.type, data);
    if (!r.ok) {
      this.counters.rejected++;
      for (const l of this.rejectListeners) l({ kind: r.kind, reason: r.reason });
      return r;
    }
    this.accept(r.value, receivedAt);
    return r;
  }

  /** Feed an already-validated value. */
  accept(value: T, receivedAt: number = now()): boolean {
    const seq = (value as { seq?: number }).seq;
    if (this.t !== undefined && value.t <= this.t) {
      this.counters.outOfOrder++;
      return false;
    }
    if (seq !== undefined && this.seq !== undefined && seq <= this.seq) this.counters.seqResets++;
    this.counters.received++;
    this.value = value;
    this.t = value.t;
    this.seq = seq;
    this.receivedAt = receivedAt;
    for (const l of this.listeners) l(value);
    return true;
  }

  /** Age of the held message by its source time, or undefined when none arrived. */
  age(at: number = now()): number | undefined {
    return this.t === undefined ? undefined : at - this.t;
  }

  /** Time since the held message arrived here. */
  sinceReceived(at: number = now()): number | undefined {
    return this.receivedAt === undefined ? undefined : at - this.receivedAt;
  }

  /** The value if it is younger than maxAgeMs, else undefined. */
  fresh(maxAgeMs: number, at: number = now()): T | undefined {
    const a = this.age(at);
    return a !== undefined && a <= maxAgeMs ? this.value : undefined;
  }

  onUpdate(listener: (value: T) => void): void {
    this.listeners.push(listener);
  }

  onReject(listener: (r: Rejection) => void): void {
    this.rejectListeners.push(listener);
  }

  clear(): void {
    this.value = undefined;
    this.t = undefined;
    this.seq = undefined;
    this.receivedAt = undefined;
  }
}
