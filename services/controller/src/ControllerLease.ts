/**
 * This controller's side of the hot-standby lease. Active: its commands keep
 * the lease alive (a standby hears them), so the key is written only when a
 * command cannot go out within the publish window of the last evidence the
 * standbys have (a late tick, a reconnect): then it is renewed with
 * compare-and-set before publishing, and a lost race means another holder.
 * The watch stops us the moment it shows another holder. Standby: a
 * watchdog, armed at every change of the key, fires once the holder has been
 * silent (no command, no write) for the timeout, then tries to take it; the
 * compare-and-set lets only one standby win. Without KV (JetStream off) the
 * controller is always active: there is nothing to share a lease through.
 */
import { now } from "@teleop/shared/clock";
import { isLeaseConflict, type LeaseWatch } from "@teleop/shared/LeaseWatch";
import { type LeaseView, mayTakeLease, type Role } from "@teleop/shared/lease";
import type { Logger } from "@teleop/shared/log";
import type { Counters } from "@teleop/shared/stats";

/** Share of the lease timeout after the last evidence of life (a write or a command) during which the active may publish. */
export const PUBLISH_WINDOW = 0.75;

export interface ControllerLeaseOptions {
  instance: string;
  timeoutMs: number;
  counters: Counters;
  log: Logger;
  /** Whether the connection to NATS is up: a command published while it is down reaches no standby. */
  connected: () => boolean;
  /** The lease was just taken: load what the takeover needs (runs before `role` turns active). */
  prepare: () => Promise<void>;
  /** Now active: publish at once rather than at the next tick. */
  onActive: () => void;
  /** Another instance holds the lease; we stopped publishing. */
  onLost: (holder: string | undefined) => void;
}

export class ControllerLease {
  private held = false;
  /** When the last successful write was sent (our clock). */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  /** When our last command went out on a live connection (our clock). */
  private publishedAt = Number.NEGATIVE_INFINITY;
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

  /** Age of the last evidence of life we gave the standbys (a write or a command), ms (null without a lease or before any). */
  aliveAgeMs(t: number = now()): number | null {
    const last = this.lastAlive();
    return this.lease && Number.isFinite(last) ? t - last : null;
  }

  /**
   * Whether a command made now may go out: a standby takes over only a full
   * timeout after it last heard us, so the last quarter is a margin (our
   * command may reach it late on a loaded machine).
   */
  mayPublish(t: number = now()): boolean {
    if (!this.lease) return true;
    if (!this.held || !this.o.connected()) return false;
    return t - this.lastAlive() < PUBLISH_WINDOW * this.o.timeoutMs;
  }

  /** When the standbys last had evidence of us: our last confirmed write or command. */
  private lastAlive(): number {
    return Math.max(this.confirmedAt, this.publishedAt);
  }

  /** A command made at `t` went out: it is the standbys' evidence that we live. */
  published(t: number): void {
    if (this.held && t > this.publishedAt) this.publishedAt = t;
  }

  /**
   * Active, when mayPublish said no: renew the key (compare-and-set) and
   * return the write, or the one still in flight. A lost race is a lost
   * lease; the watch tells who holds it. Not while the connection is down:
   * the write could only time out, and the tick would wait for it; the first
   * tick after the reconnect renews.
   */
  renew(): Promise<unknown> {
    if (!this.lease || !this.held || !this.o.connected()) return Promise.resolve();
    return this.writing ?? this.write();
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
    this.publishedAt = Number.NEGATIVE_INFINITY;
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
      if (this.writeFailing) this.o.log.info("lease write succeeded again");
      this.writeFailing = false;
      return true;
    } catch (err) {
      if (isLeaseConflict(err)) {
        this.o.counters.inc("leaseConflicts");
        await lease.refresh().catch(() => undefined);
      } else {
        // Logged once per run of failures (each is counted), not once per try.
        if (!this.writeFailing) {
          this.o.log.warn("lease write failed; further failures only counted (leaseErrors)", {
            error: err,
          });
        }
        this.writeFailing = true;
        this.o.counters.inc("leaseErrors");
      }
      return false;
    }
  }
}
