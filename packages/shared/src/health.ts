/** Publishes `<prefix>.health.<service>` at 1 Hz in the contract's Health shape. */
import { writeFileSync } from "node:fs";
import type { Bus } from "./bus";
import { now } from "./clock";
import type { Health, LoopStats } from "./messages";
import type { Counters } from "./stats";

export interface HealthSource {
  stats(): LoopStats;
}

export type HealthStatus = Health["status"];

export interface HealthOptions {
  bus: Bus;
  service: string;
  instance: string;
  counters: Counters;
  intervalMs?: number;
  /** Touched at every publish so a container healthcheck can see the service is alive. */
  healthFile?: string;
}

/** Current status and free-form detail (backend, latencies, role, ...). */
export type HealthProbe = () => { status?: HealthStatus; detail?: Record<string, unknown> };

export const VERSION = "0.1.0";

export class HealthReporter {
  private readonly loops = new Map<string, HealthSource>();
  private readonly startedAt = now();
  private timer: ReturnType<typeof setInterval> | undefined;
  private probe: HealthProbe = () => ({});

  constructor(private readonly o: HealthOptions) {}

  setProbe(probe: HealthProbe): void {
    this.probe = probe;
  }

  addLoop(name: string, loop: HealthSource): void {
    this.loops.set(name, loop);
  }

  snapshot(): Health {
    const probe = this.probe();
    const loops: Record<string, LoopStats> = {};
    for (const [name, l] of this.loops) loops[name] = l.stats();
    const t = now();
    return {
      v: 1,
      t,
      service: this.o.service,
      instance: this.o.instance,
      status: probe.status ?? "ok",
      uptimeS: (t - this.startedAt) / 1000,
      loops,
      counters: this.o.counters.toJSON(),
      detail: { version: VERSION, pid: process.pid, ...probe.detail },
    };
  }

  publishNow(): void {
    const h = this.snapshot();
    this.o.bus.publish(this.o.bus.subjects.health(this.o.service), h);
    if (this.o.healthFile) writeFileSync(this.o.healthFile, `${h.t}\n`);
  }

  start(): void {
    this.publishNow();
    this.timer = setInterval(() => this.publishNow(), this.o.intervalMs ?? 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
