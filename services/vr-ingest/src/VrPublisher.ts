/**
 * The sink every source writes to: validates each frame, stamps seq and time,
 * publishes VrState, turns button changes into events, and reports rejects
 * (counter per kind, rate-limited log line and input.rejected event).
 */
import type { Bus } from "@teleop/shared/bus";
import { buttonEdges } from "@teleop/shared/buttonEdges";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Logger } from "@teleop/shared/log";
import type { VrSource, VrState } from "@teleop/shared/messages";
import { RateLimiter } from "@teleop/shared/RateLimiter";
import { type Counters, RateMeter } from "@teleop/shared/stats";
import type { VrFrame, VrSink } from "./VrSource";
import { type FrameLimits, validateFrame } from "./validateFrame";

export interface VrPublisherOptions {
  source: VrSource;
  bus: Bus;
  log: Logger;
  counters: Counters;
  limits: FrameLimits;
  clock?: () => number;
}

export class VrPublisher implements VrSink {
  private seq = 0;
  private last: VrState | undefined;
  private lastPublishedAt: number | undefined;
  private readonly rate = new RateMeter(2000);
  private readonly limiter = new RateLimiter(1000);
  private readonly clock: () => number;

  constructor(private readonly o: VrPublisherOptions) {
    this.clock = o.clock ?? now;
  }

  frame(f: VrFrame): void {
    const at = this.clock();
    const t = f.t !== undefined && Number.isFinite(f.t) && f.t > 0 ? f.t : at;
    const verdict = validateFrame(
      f,
      this.last,
      { seq: this.seq, t, source: this.o.source },
      this.o.limits,
    );
    if (!verdict.ok) {
      this.reject(verdict.kind, verdict.reason);
      return;
    }
    const state = verdict.state;
    this.o.bus.publish(this.o.bus.subjects.vrState, state);
    this.seq++;
    this.o.counters.inc("published");
    this.rate.mark(at);
    this.lastPublishedAt = at;
    for (const edge of buttonEdges(this.last, state)) {
      this.o.bus.event(EventType.button, { source: this.o.source, ...edge });
    }
    this.last = state;
  }

  reject(kind: string, reason: string): void {
    this.o.counters.inc(`rejected.${kind}`);
    const suppressed = this.limiter.take(kind, this.clock());
    if (suppressed === undefined) return;
    const extra = suppressed > 0 ? { alsoRejected: suppressed } : undefined;
    this.o.log.warn(`rejected ${this.o.source} input (${kind}): ${reason}`, extra);
    this.o.bus.event(EventType.inputRejected, {
      source: this.o.source,
      kind,
      reason,
      ...extra,
    });
  }

  event(type: string, data?: Record<string, unknown>): void {
    this.o.bus.event(type, { source: this.o.source, ...data });
  }

  /** Health detail: what was published and how recently. */
  detail(): Record<string, unknown> {
    const at = this.clock();
    return {
      source: this.o.source,
      seq: this.seq,
      publishHz: Math.round(this.rate.hz(at) * 10) / 10,
      lastFrameAgeMs:
        this.lastPublishedAt === undefined ? null : Math.round(at - this.lastPublishedAt),
      tracked: {
        right: this.last?.right?.tracked ?? null,
        left: this.last?.left?.tracked ?? null,
      },
    };
  }

  /** Fresh, tracked data within the last second. */
  healthy(): boolean {
    const at = this.clock();
    const fresh = this.lastPublishedAt !== undefined && at - this.lastPublishedAt < 1000;
    const tracked = Boolean(this.last?.right?.tracked || this.last?.left?.tracked);
    return fresh && tracked;
  }
}
