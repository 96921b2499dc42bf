/**
 * Keep-latest slot for one subject: holds only the newest valid message and
 * when it arrived. Loops read it on their own tick; nothing queues. A message
 * older than the one held (by its source time `t`) is counted and dropped; a
 * publisher restart (seq back to 0 with a newer `t`) is accepted.
 *
 * Flood guard (FloodGate): every message is decoded and validated on arrival
 * up to a window's budget. Past that, only the newest bytes are parked (the
 * rest counted as shed) and decoded when the slot is read or the window ends,
 * so a flood costs a reference per message and cannot starve the loops that
 * read the slot, and the newest valid message still gets in.
 */
import { now } from "./clock";
import { DEFAULT_MAX_BYTES, type Decoded, decode, type RejectKind } from "./codec";
import { FloodGate } from "./FloodGate";
import type { MessageType } from "./messages";

export interface LatestCounters {
  received: number;
  rejected: number;
  outOfOrder: number;
  seqResets: number;
  /** Messages replaced by a newer one while flood-parked, never decoded. */
  shed: number;
}

export type Rejection = { kind: RejectKind; reason: string };

export class Latest<T extends { t: number }> {
  readonly counters: LatestCounters = {
    received: 0,
    rejected: 0,
    outOfOrder: 0,
    seqResets: 0,
    shed: 0,
  };
  private held: T | undefined;
  private heldT: number | undefined;
  private heldSeq: number | undefined;
  private heldAt: number | undefined;
  private parked: { data: Uint8Array; at: number } | undefined;
  private readonly gate = new FloodGate();
  private readonly listeners: Array<(value: T) => void> = [];
  private readonly rejectListeners: Array<(r: Rejection) => void> = [];
  private readonly floodListeners: Array<() => void> = [];

  constructor(
    readonly subject: string,
    readonly type: MessageType<T>,
    readonly maxBytes: number = DEFAULT_MAX_BYTES,
  ) {}

  get value(): T | undefined {
    this.settle();
    return this.held;
  }

  /** Source time of the held message (epoch ms). */
  get t(): number | undefined {
    this.settle();
    return this.heldT;
  }

  get seq(): number | undefined {
    this.settle();
    return this.heldSeq;
  }

  get receivedAt(): number | undefined {
    this.settle();
    return this.heldAt;
  }

  /** Feed raw bytes; returns the decode result, or undefined when flood-parked. */
  offer(data: Uint8Array, receivedAt: number = now()): Decoded<T> | undefined {
    const gate = this.gate.admit(receivedAt);
    if (gate.newWindow) this.settle();
    if (!gate.pass) {
      if (this.parked) this.counters.shed++;
      if (gate.firstHeld) for (const l of this.floodListeners) l();
      this.parked = { data, at: receivedAt };
      return undefined;
    }
    return this.decodeAndAccept(data, receivedAt);
  }

  /** Feed an already-validated value. */
  accept(value: T, receivedAt: number = now()): boolean {
    const seq = (value as { seq?: number }).seq;
    if (this.heldT !== undefined && value.t <= this.heldT) {
      this.counters.outOfOrder++;
      return false;
    }
    if (seq !== undefined && this.heldSeq !== undefined && seq <= this.heldSeq) {
      this.counters.seqResets++;
    }
    this.counters.received++;
    this.held = value;
    this.heldT = value.t;
    this.heldSeq = seq;
    this.heldAt = receivedAt;
    for (const l of this.listeners) l(value);
    return true;
  }

  /** Age of the held message by its source time, or undefined when none arrived. */
  age(at: number = now()): number | undefined {
    const t = this.t;
    return t === undefined ? undefined : at - t;
  }

  /** Time since the held message arrived here. */
  sinceReceived(at: number = now()): number | undefined {
    const r = this.receivedAt;
    return r === undefined ? undefined : at - r;
  }

  /** The value if it is younger than maxAgeMs, else undefined. */
  fresh(maxAgeMs: number, at: number = now()): T | undefined {
    const a = this.age(at);
    return a !== undefined && a <= maxAgeMs ? this.held : undefined;
  }

  onUpdate(listener: (value: T) => void): void {
    this.listeners.push(listener);
  }

  onReject(listener: (r: Rejection) => void): void {
    this.rejectListeners.push(listener);
  }

  /** Called once per window in which the slot starts parking (a flood). */
  onFlood(listener: () => void): void {
    this.floodListeners.push(listener);
  }

  clear(): void {
    this.held = undefined;
    this.heldT = undefined;
    this.heldSeq = undefined;
    this.heldAt = undefined;
    this.parked = undefined;
  }

  private settle(): void {
    const p = this.parked;
    if (!p) return;
    this.parked = undefined;
    this.decodeAndAccept(p.data, p.at);
  }

  private decodeAndAccept(data: Uint8Array, receivedAt: number): Decoded<T> {
    const r = decode(this.type, data, this.maxBytes);
    if (!r.ok) {
      this.counters.rejected++;
      for (const l of this.rejectListeners) l({ kind: r.kind, reason: r.reason });
      return r;
    }
    this.accept(r.value, receivedAt);
    return r;
  }
}
