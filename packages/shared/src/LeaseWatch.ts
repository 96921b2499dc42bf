/**
 * The controller lease key as one reader sees it: loaded at open, then kept
 * current by a KV watch. The key changes only when the lease changes hands
 * (or the holder renews it after a gap); while the holder drives, its
 * commands are its heartbeat, and a standby that hears them says so with
 * `heard`. The controller also writes through it with compare-and-set; the
 * robot bridge only reads.
 */
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { KV, KvEntry } from "@nats-io/kv";
import type { Bus } from "./bus";
import { now } from "./clock";
import { decode, encode } from "./codec";
import { CONTROLLER_LEASE_KEY, LEASE_BUCKET, LeaseRecordMsg, type LeaseView } from "./lease";
import type { Logger } from "./log";

/** A compare-and-set lost to another writer (the key moved on since we read it). */
export function isLeaseConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

const REWATCH_MS = 250;

export class LeaseWatch {
  private view: LeaseView = { state: "free" };
  /** Revision of the key as last seen (0: never written). */
  private revision = 0;
  private readonly listeners: Array<(view: LeaseView) => void> = [];
  private stopped = false;
  private stopWatch: (() => void) | undefined;

  private constructor(
    private readonly kv: KV,
    readonly bucket: string,
    private readonly log: Logger,
  ) {}

  /** Open (creating if needed) the rig's lease bucket and start watching; throws without JetStream. */
  static async open(bus: Bus): Promise<LeaseWatch> {
    const bucket = bus.subjects.kvBucket(LEASE_BUCKET);
    const lease = new LeaseWatch(await bus.kv(bucket, { history: 1 }), bucket, bus.log);
    await lease.refresh();
    void lease.watch();
    return lease;
  }

  get current(): LeaseView {
    return this.view;
  }

  onChange(listener: (view: LeaseView) => void): void {
    this.listeners.push(listener);
  }

  /**
   * The holder was heard from (one of its commands arrived at `at`, our
   * clock): it is alive, so a standby's takeover waits a full timeout from
   * here. Anyone else's commands say nothing about the holder.
   */
  heard(instance: string | undefined, at: number): void {
    const v = this.view;
    if (v.state === "held" && v.instance === instance && at > v.seenAt)
      this.view = { ...v, seenAt: at };
  }

  /** Read the key now (after a lost compare-and-set, or at open). */
  async refresh(): Promise<void> {
    const e = await this.kv.get(CONTROLLER_LEASE_KEY);
    if (e) this.apply(e);
  }

  /**
   * Write `instance` as the holder, expecting the key unchanged since it was
   * last seen; rejects with a conflict (isLeaseConflict) when it moved on.
   */
  async write(instance: string, timeoutMs: number): Promise<void> {
    const data = encode({ v: 1, instance, t: now() });
    const rev =
      this.revision === 0
        ? await this.kv.create(CONTROLLER_LEASE_KEY, data)
        : await this.kv.update(CONTROLLER_LEASE_KEY, data, this.revision, timeoutMs);
    this.set(rev, { state: "held", instance, seenAt: now() });
  }

  /** Give the lease up (graceful stop) so a standby need not wait for the timeout. */
  async release(instance: string): Promise<void> {
    if (this.view.state !== "held" || this.view.instance !== instance) return;
    await this.kv.delete(CONTROLLER_LEASE_KEY, { previousSeq: this.revision });
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch?.();
  }

  private async watch(): Promise<void> {
    while (!this.stopped) {
      try {
        const it = await this.kv.watch({ key: CONTROLLER_LEASE_KEY });
        this.stopWatch = () => it.stop();
        if (this.stopped) it.stop();
        for await (const e of it) this.apply(e);
      } catch (err) {
        if (!this.stopped) this.log.warn("lease watch failed; retrying", { error: err });
      }
      if (!this.stopped) await Bun.sleep(REWATCH_MS);
    }
  }

  private apply(e: KvEntry): void {
    // The watch replays the current value and may trail our own writes.
    if (e.revision <= this.revision) return;
    // Delete and purge markers carry no value; only they need the headers parsed
    // (the operation), which cost more than the rest of an entry's handling.
    if (e.value.length === 0 && e.operation !== "PUT") {
      this.set(e.revision, { state: "free" });
      return;
    }
    const r = decode(LeaseRecordMsg, e.value);
    if (!r.ok) {
      this.log.warn(`lease record unreadable, treated as free: ${r.reason}`);
      this.set(e.revision, { state: "free" });
      return;
    }
    this.set(e.revision, { state: "held", instance: r.value.instance, seenAt: now() });
  }

  private set(revision: number, view: LeaseView): void {
    this.revision = revision;
    this.view = view;
    for (const l of this.listeners) l(view);
  }
}
