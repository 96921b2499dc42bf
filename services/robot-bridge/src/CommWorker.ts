/**
 * The communication worker: one request to the robot at a time. Each time a
 * round trip ends it takes the NEWEST command from the keep-latest slot
 * (older ones were overwritten, never queued), applies it if acceptable, and
 * publishes the state the robot returned. With no applicable command
 * waiting it polls the robot's state at `pollHz`, so the state never goes
 * stale while the clutch is released. Backend errors and timeouts are
 * logged, counted and announced; the backend is closed and reconnected
 * with backoff, and the worker keeps going. A robot that answers it has no
 * state yet is asked again on the same connection at the poll rate.
 */
import { now, sleep } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Latest } from "@teleop/shared/Latest";
import type { Logger } from "@teleop/shared/log";
import {
  type LoopStats,
  type RobotCommand,
  type RobotState,
  RobotStateMsg,
} from "@teleop/shared/messages";
import { RateLimiter } from "@teleop/shared/RateLimiter";
import { type Counters, RollingWindow, summarize } from "@teleop/shared/stats";
import type { Acceptance, AcceptanceContext } from "./commandAcceptance";
import { BackendNotReadyError, type BackendState, type RobotBackend } from "./RobotBackend";

export const RECONNECT_MIN_MS = 250;
/**
 * Longest a robot call holds the bus's reads: a stalled call or the home
 * procedure reads as data comes after this, well inside nats.js's ping
 * check (two unanswered pings 2 s apart).
 */
export const HOLD_READS_MAX_MS = 500;
export const RECONNECT_MAX_MS = 5000;
/** Repeated warnings of one kind are logged at most this often. */
const WARN_EVERY_MS = 1000;

/**
 * The bus's reads, held while a robot call is in flight: the worker takes
 * only the newest command when a call returns, so the commands that come
 * meanwhile (six at 40 Hz over a 150 ms round trip) are read together then,
 * not each as it lands (HeldReads in packages/nats-bun).
 */
export interface CallReads {
  hold(maxMs: number): void;
  /** Resolves once what arrived while held is dispatched (the commands slot is up to date). */
  release(): Promise<void>;
}

export interface CommWorkerOptions {
  backend: RobotBackend;
  commands: Latest<RobotCommand>;
  accept: (cmd: RobotCommand, ctx: AcceptanceContext) => Acceptance;
  publish: (state: RobotState) => void;
  event: (type: string, data?: Record<string, unknown>) => void;
  counters: Counters;
  log: Logger;
  pollHz: number;
  /** Longest wait for connect, a command or a state read, ms. */
  timeoutMs: number;
  /** Longest wait for the home procedure, ms. */
  resetTimeoutMs: number;
  reads?: CallReads;
}

class TimeoutError extends Error {}

export class CommWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private connected = false;
  private backoffMs = RECONNECT_MIN_MS;
  private seq = 0;
  private lastTaken: RobotCommand | undefined;
  private pendingReset: RobotCommand | undefined;
  private arrivalsSinceTake = 0;
  private lastStateAt = 0;
  private resetEndedAt = 0;
  private wake: (() => void) | undefined;
  private stopNow: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => {
    this.stopNow = resolve;
  });
  private lastError: string | undefined;
  private readonly warnings = new RateLimiter(WARN_EVERY_MS);
  private readonly rtts = new RollingWindow(200);
  private readonly publishTimes = new RollingWindow(200);

  constructor(private readonly o: CommWorkerOptions) {
    o.commands.onUpdate((cmd) => {
      this.arrivalsSinceTake++;
      // A reset is a one-shot request: a newer command must not overwrite it unseen.
      if (cmd.reset) this.pendingReset = cmd;
      this.wake?.();
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stop: closing the backend ends a call in flight at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopNow();
    this.wake?.();
    await this.o.backend.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.connected) {
          await this.withTimeout(this.o.backend.connect(), this.o.timeoutMs, "connect");
          this.connected = true;
          this.o.log.info("robot backend connected", { backend: this.o.backend.name });
        }
        await this.next();
      } catch (err) {
        if (err instanceof BackendNotReadyError) await this.notReady(err);
        else await this.fail(err);
      }
    }
  }

  /** One step: apply the newest command, poll when due, or wait for either. */
  private async next(): Promise<void> {
    const cmd = this.take();
    if (cmd) {
      await this.handle(cmd);
      return;
    }
    const due = this.lastStateAt + 1000 / this.o.pollHz;
    const wait = due - now();
    if (wait <= 0) {
      this.o.counters.inc("statePolls");
      await this.roundTrip(() => this.o.backend.readState(), null, this.o.timeoutMs);
      return;
    }
    await this.waitForCommand(wait);
  }

  /**
   * The newest command not yet taken (a pending reset first); counts the
   * ones overwritten unseen.
   */
  private take(): RobotCommand | undefined {
    const reset = this.pendingReset;
    this.pendingReset = undefined;
    const v = reset ?? this.o.commands.value;
    if (!v || v === this.lastTaken) return undefined;
    const newest = v === this.o.commands.value;
    const skipped = this.arrivalsSinceTake - 1;
    if (skipped > 0) this.o.counters.inc("commandsSuperseded", newest ? skipped : skipped - 1);
    // Commands after a pending reset stay in the slot; the reset ends their validity anyway.
    this.arrivalsSinceTake = newest ? 0 : 1;
    this.lastTaken = v;
    return v;
  }

  private async handle(cmd: RobotCommand): Promise<void> {
    const verdict = this.o.accept(cmd, { now: now(), resetEndedAt: this.resetEndedAt });
    if (!verdict.ok) {
      this.o.counters.inc(`commandsDropped.${verdict.reason}`);
      this.warn(verdict.reason, `dropped a command: ${verdict.detail}`);
      return;
    }
    if (cmd.reset) {
      this.o.event(EventType.resetStarted, { commandSeq: cmd.seq });
      this.o.log.info("home procedure started", { commandSeq: cmd.seq });
      const state = await this.roundTrip(
        () => this.o.backend.reset(),
        cmd.seq,
        this.o.resetTimeoutMs,
      ).catch((err: unknown) => {
        // Not started: the arm had no state yet; the reset is asked for again once it has.
        if (err instanceof BackendNotReadyError) this.pendingReset ??= cmd;
        throw err;
      });
      this.resetEndedAt = now();
      this.o.counters.inc("resets");
      this.o.event(EventType.resetDone, { commandSeq: cmd.seq, position: state.pose.position });
      this.o.log.info("home procedure done", { commandSeq: cmd.seq });
      return;
    }
    if (!cmd.movement) {
      // Clutch released: nothing to send; the poll keeps the state fresh.
      this.o.counters.inc("commandsWithoutMovement");
      return;
    }
    await this.roundTrip(() => this.o.backend.apply(cmd), cmd.seq, this.o.timeoutMs);
    this.o.counters.inc("commandsApplied");
  }

  private async roundTrip(
    call: () => Promise<BackendState>,
    commandSeq: number | null,
    timeoutMs: number,
  ): Promise<RobotState> {
    const sent = now();
    const { s, rttMs } = await this.whileReadsHeld(async () => {
      const s = await this.withTimeout(call(), timeoutMs, "reply");
      return { s, rttMs: now() - sent };
    });
    const state: RobotState = {
      v: 1,
      seq: this.seq++,
      t: s.t,
      pose: s.pose,
      gripper: s.gripper,
      ...(s.gripperRaw !== undefined && { gripperRaw: s.gripperRaw }),
      joints: s.joints,
      commandSeq,
      rttMs,
      backend: this.o.backend.name,
    };
    // The compiled check first: the error walk is far slower and needed only for the reason.
    const bad = RobotStateMsg.check(state) ? undefined : RobotStateMsg.firstError(state);
    if (bad) {
      this.o.counters.inc("invalidStates");
      throw new Error(`backend returned an invalid state: ${bad}`);
    }
    this.o.publish(state);
    this.lastStateAt = now();
    this.publishTimes.push(this.lastStateAt);
    this.rtts.push(rttMs);
    this.backoffMs = RECONNECT_MIN_MS;
    return state;
  }

  private async whileReadsHeld<T>(run: () => Promise<T>): Promise<T> {
    const reads = this.o.reads;
    if (!reads) return run();
    reads.hold(HOLD_READS_MAX_MS);
    try {
      return await run();
    } finally {
      await reads.release();
    }
  }

  /** Race a backend call with a timer; on timeout the caller's fail() closes the backend. */
  private withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError(`robot backend gave no ${what} within ${ms} ms`)),
        ms,
      );
    });
    // The losing call rejects later, when the backend is closed.
    p.catch(() => undefined);
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  private async fail(err: unknown): Promise<void> {
    if (!this.running) return;
    const message = err instanceof Error ? err.message : String(err);
    this.lastError = message;
    this.o.counters.inc(err instanceof TimeoutError ? "backendTimeouts" : "backendErrors");
    this.o.log.warn("robot backend failed; reconnecting", {
      error: message,
      retryInMs: this.backoffMs,
    });
    this.o.event(EventType.robotError, { error: message, backend: this.o.backend.name });
    if (this.connected) this.o.counters.inc("reconnects");
    this.connected = false;
    try {
      await this.o.backend.close();
    } catch (closeErr) {
      this.o.log.warn("closing the robot backend failed", { error: closeErr });
    }
    // Commands arriving meanwhile must not shorten the backoff; only stop() does.
    await Promise.race([sleep(this.backoffMs), this.stopped]);
    this.backoffMs = Math.min(RECONNECT_MAX_MS, this.backoffMs * 2);
  }

  /** The robot has no state yet: keep the connection, ask again after one poll interval. */
  private async notReady(err: BackendNotReadyError): Promise<void> {
    this.lastError = err.message;
    this.o.counters.inc("backendNotReady");
    this.warn("notReady", `${err.message}; asking again on the same connection`);
    this.lastStateAt = now();
    await Promise.race([sleep(1000 / this.o.pollHz), this.stopped]);
  }

  private waitForCommand(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private warn(key: string, msg: string): void {
    const suppressed = this.warnings.take(key, now());
    if (suppressed === undefined) return;
    this.o.log.warn(msg, suppressed ? { alsoDropped: suppressed } : undefined);
  }

  /** State publishing as a loop for health: rate, interval jitter, timeouts as overruns. */
  stats(): LoopStats {
    const ts = this.publishTimes.values();
    const intervals = ts.slice(1).map((t, i) => t - ts[i]!);
    const mean = intervals.reduce((a, b) => a + b, 0) / Math.max(1, intervals.length);
    const span = ts.length > 1 ? ts[ts.length - 1]! - ts[0]! : 0;
    return {
      hz: span > 0 ? ((ts.length - 1) * 1000) / span : 0,
      jitterP99Ms: summarize(intervals.map((x) => Math.abs(x - mean))).p99,
      overruns: this.o.counters.get("backendTimeouts"),
    };
  }

  probe(): { status: "ok" | "degraded"; detail: Record<string, unknown> } {
    const rtt = this.rtts.summary();
    return {
      status: this.connected ? "ok" : "degraded",
      detail: {
        backend: this.o.backend.name,
        connected: this.connected,
        rttMs: { mean: rtt.mean, p50: rtt.p50, p99: rtt.p99, max: rtt.max },
        stateAgeMs: this.lastStateAt ? now() - this.lastStateAt : null,
        lastError: this.lastError ?? null,
        ...this.o.backend.detail?.(),
      },
    };
  }
}
