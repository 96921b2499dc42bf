/**
 * This controller's side of the hot-standby lease. Active: renew the key
 * with compare-and-set before publishing, and stop the moment the watch
 * shows another holder. Standby: a watchdog armed at every change of the key
 * fires once it has been still for the timeout, then tries to take it; the
 * compare-and-set lets only one standby win. Without KV (JetStream off) the
 * controller is always active: there is nothing to share a lease through.
 */
import { now } from "@teleop/shared/clock";
import { isLeaseConflict, type LeaseWatch } from "@teleop/shared/LeaseWatch";
import { LEASE_MIN_RENEW_MS, type LeaseView, mayTakeLease, type Role } from "@teleop/shared/lease";
import type { Logger } from "@teleop/shared/log";
import type { Counters } from "@teleop/shared/stats";

/** Share of the lease timeout after a confirmed write during which the active may publish. */
export const PUBLISH_WINDOW = 0.75;

export interface ControllerLeaseOptions {
  instance: string;
  timeoutMs: number;
  counters: Counters;
  log: Logger;
  /** The lease was just taken: load what the takeover needs (runs before `role` turns active). */
  prepare: () => Promise<void>;
  /** Now active: publish at once rather than at the next tick. */
  onActive: () => void;
  /** Another instance holds the lease; we stopped publishing. */
  onLost: (holder: string | undefined) => void;
}

export class ControllerLease {
  private held = false;
  /** When the last successful write was sent (our clock): we may act for PUBLISH_WINDOW of the timeout after it. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private writing: Promise<boolean> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private writeFailing = false;

  constructor(
    private readonly lease: LeaseWatch | undefined,
    private readonly o: ControllerLeaseOptions,
  ) {
    if (!lease) {
      this.held = true;
      return;
    }
    lease.onChange((view) => this.changed(view));
  }

  /** Begin: a free lease is tried at once (resolves when that try is over), a held one after the timeout. */
  async start(): Promise<void> {
    if (!this.lease) return;
    if (this.lease.current.state === "free") await this.tryTake();
    else this.changed(this.lease.current);
  }

  get role(): Role {
    return this.held ? "active" : "standby";
  }

  get leased(): boolean {
    return this.lease !== undefined;
  }

  /** The last write of the lease failed for another reason than a lost race: this instance can neither take nor renew it. */
  get failing(): boolean {
    return this.writeFailing;
  }

  /** Age of the last confirmed write, ms (null without a lease or before any). */
  confirmedAgeMs(t: number = now()): number | null {
    return this.lease && Number.isFinite(this.confirmedAt) ? t - this.confirmedAt : null;
  }

  /**
   * Whether a command made now may go out: a standby takes over only a full
   * timeout after it saw our last write, so the last quarter is a margin
   * (a slow write may still be confirmed in time on a loaded machine).
   */
  mayPublish(t: number = now()): boolean {
    if (!this.lease) return true;
    return this.held && t - this.confirmedAt < PUBLISH_WINDOW * this.o.timeoutMs;
  }

  /**
   * Active: start this tick's renewal (at most every LEASE_MIN_RENEW_MS) and
   * return it, or the one still in flight. The tick waits for it only when
   * mayPublish says the last confirmed write is too old, so a healthy lease
   * adds no latency to the command.
   */
  renew(t: number): Promise<unknown> {
    if (!this.lease || !this.held) return Promise.resolve();
    if (this.writing) return this.writing;
    if (t - this.confirmedAt < LEASE_MIN_RENEW_MS) return Promise.resolve();
    return this.write();
  }

  /** Graceful stop: hand the lease over at once. */
  async release(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.watchdog);
    if (!this.lease || !this.held) return;
    this.held = false;
    await this.writing;
    await this.lease.release(this.o.instance);
  }

  /** The key changed (or a try failed): stop if it is someone else's, arm the watchdog. */
  private changed(view: LeaseView, minWaitMs = 0): void {
    clearTimeout(this.watchdog);
    if (this.stopped) return;
    // Our own write; at start-up a key naming us is a previous life and waits like any other.
    const mine = view.state === "held" && view.instance === this.o.instance;
    if (mine && (this.held || this.writing)) return;
    if (this.held) {
      this.held = false;
      this.o.onLost(view.state === "held" ? view.instance : undefined);
    }
    const wait = view.state === "held" ? view.seenAt + this.o.timeoutMs - now() + 1 : 0;
    this.watchdog = setTimeout(() => void this.tryTake(), Math.max(minWaitMs, wait));
  }

  private async tryTake(): Promise<void> {
    if (!this.lease || this.held || this.stopped || this.writing) return;
    const view = this.lease.current;
    if (!mayTakeLease(view, now(), this.o.timeoutMs)) {
      this.changed(view);
      return;
    }
    if (!(await this.write())) {
      // Lost the race or KV failed: look again after another timeout.
      this.changed(this.lease.current, this.o.timeoutMs);
      return;
    }
    await this.o.prepare();
    const after = this.lease.current;
    if (after.state !== "held" || after.instance !== this.o.instance || this.stopped) {
      this.changed(after);
      return;
    }
    this.held = true;
    this.o.onActive();
  }

  private write(): Promise<boolean> {
    const attempt = this.attempt();
    this.writing = attempt;
    return attempt.finally(() => {
      this.writing = undefined;
    });
  }

  private async attempt(): Promise<boolean> {
    const lease = this.lease!;
    const sentAt = now();
    try {
      await lease.write(this.o.instance, this.o.timeoutMs);
      this.confirmedAt = sentAt;
      this.writeFailing = false;
      return true;
    } catch (err) {
      if (isLeaseConflict(err)) {
        this.o.counters.inc("leaseConflicts");
        await lease.refresh().catch(() => undefined);
      } else {
        this.writeFailing = true;
        this.o.counters.inc("leaseErrors");
        this.o.log.warn("lease write failed", { error: err });
      }
      return false;
    }
  }
}
