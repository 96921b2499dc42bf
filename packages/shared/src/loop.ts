/**
 * A fixed-rate loop on an absolute schedule: tick n is due at start + n * period,
 * so timer lateness never accumulates (setInterval drifts about 0.2 ms per tick
 * under Bun). A tick that overruns skips the slots it missed and counts them.
 */
import { now as wallNow } from "./clock";
import type { LoopStats } from "./messages";
import { RollingWindow, type Summary } from "./stats";

export interface Tick {
  index: number;
  /** When this tick was due (epoch ms). */
  scheduled: number;
  /** When it actually ran (epoch ms). */
  now: number;
}

export interface LoopOptions {
  name: string;
  hz: number;
  onTick: (tick: Tick) => void | Promise<void>;
  onError?: (err: unknown) => void;
  clock?: () => number;
  /** Samples kept for the statistics (default: 10 s worth). */
  window?: number;
}

export interface LoopReport extends LoopStats {
  ticks: number;
  periodErrorMs: Summary;
  lateMs: Summary;
  /** How long each tick's work took, start to finish (ms). */
  workMs: Summary;
  /** Timers that fired over 0.5 ms before their slot and were armed again: a wakeup for nothing. */
  earlyFires: number;
}

export class FixedRateLoop {
  readonly name: string;
  private periodMs: number;
  private readonly clock: () => number;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private startAt = 0;
  private slot = 0;
  private ticks = 0;
  private overruns = 0;
  private earlyFires = 0;
  private lastTickAt: number | undefined;
  private readonly periodErrors: RollingWindow;
  private readonly lateness: RollingWindow;
  private readonly tickTimes: RollingWindow;
  private readonly work: RollingWindow;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly opts: LoopOptions) {
    if (!(opts.hz > 0) || !Number.isFinite(opts.hz))
      throw new Error(`loop ${opts.name}: bad rate ${opts.hz}`);
    this.name = opts.name;
    this.periodMs = 1000 / opts.hz;
    this.clock = opts.clock ?? wallNow;
    const window = opts.window ?? Math.max(100, Math.ceil(opts.hz * 10));
    this.periodErrors = new RollingWindow(window);
    this.lateness = new RollingWindow(window);
    this.tickTimes = new RollingWindow(window);
    this.work = new RollingWindow(window);
  }

  get hz(): number {
    return 1000 / this.periodMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startAt = this.clock();
    this.slot = 0;
    this.schedule();
  }

  /** Moves the schedule from the next tick on by `ms` (negative: earlier); the tick in progress is unaffected. */
  shift(ms: number): void {
    this.startAt += ms;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(): void {
    if (!this.running) return;
    const due = this.startAt + this.slot * this.periodMs;
    // Rounded: Bun's timers run in whole milliseconds and cut a fraction off, so an
    // unrounded delay fired over 0.5 ms early on a quarter of the ticks and cost a second wakeup.
    const delay = Math.round(due - this.clock());
    this.timer = setTimeout(() => this.fire(due), Math.max(0, delay));
  }

  private async fire(due: number): Promise<void> {
    if (!this.running) return;
    const t = this.clock();
    if (t < due - 0.5) {
      // The timer fired early (ms granularity): wait for the rest.
      this.earlyFires++;
      this.schedule();
      return;
    }
    this.lateness.push(t - due);
    if (this.lastTickAt !== undefined) {
      this.periodErrors.push(Math.abs(t - this.lastTickAt - this.periodMs));
    }
    this.lastTickAt = t;
    this.tickTimes.push(t);
    const index = this.ticks++;
    try {
      const r = this.opts.onTick({ index, scheduled: due, now: t });
      if (r instanceof Promise) {
        this.inFlight = r;
        await r;
      }
    } catch (err) {
      this.opts.onError?.(err);
    } finally {
      this.inFlight = undefined;
    }
    // Next slot strictly in the future; slots already missed are overruns.
    const after = this.clock();
    this.work.push(after - t);
    let next = this.slot + 1;
    const behind = Math.floor((after - this.startAt) / this.periodMs) - next + 1;
    if (behind > 0) {
      this.overruns += behind;
      next += behind;
    }
    this.slot = next;
    this.schedule();
  }

  /** Achieved rate over the sample window, in Hz. */
  achievedHz(): number {
    // Read every tick by the controller: the ends of the window, not a copy of it.
    const n = this.tickTimes.size;
    if (n < 2) return 0;
    const span = this.tickTimes.at(n - 1) - this.tickTimes.at(0);
    return span > 0 ? ((n - 1) * 1000) / span : 0;
  }

  report(): LoopReport {
    const periodErrorMs = this.periodErrors.summary();
    const workMs = this.work.summary();
    return {
      hz: this.achievedHz(),
      jitterP99Ms: periodErrorMs.p99,
      overruns: this.overruns,
      workP99Ms: workMs.p99,
      ticks: this.ticks,
      periodErrorMs,
      lateMs: this.lateness.summary(),
      workMs,
      earlyFires: this.earlyFires,
    };
  }

  stats(): LoopStats {
    const r = this.report();
    return { hz: r.hz, jitterP99Ms: r.jitterP99Ms, overruns: r.overruns, workP99Ms: r.workP99Ms };
  }
}
