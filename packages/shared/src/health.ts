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
  /**
   * Touched at a publish when the service can do its job (status ok, NATS
   * connected, no subject refused), so a container healthcheck fails otherwise.
   */
  healthFile?: string;
}

/**
 * Current status and free-form detail (backend, latencies, role, ...).
 * `serving` overrides "status is ok" for the health file, for a service whose
 * degraded status only means it is waiting (vr-ingest before a headset).
 */
export type HealthProbe = () => {
  status?: HealthStatus;
  serving?: boolean;
  detail?: Record<string, unknown>;
};

/** Touches a container healthcheck's file (its modification time is what counts). */
export function touchHealthFile(path: string, t: number = now()): void {
  writeFileSync(path, `${t}\n`);
}

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

  /** The Health message now, and whether the service can do its job (the health file). */
  private snapshot(): { health: Health; serving: boolean } {
    const probe = this.probe();
    const loops: Record<string, LoopStats> = {};
    for (const [name, l] of this.loops) loops[name] = l.stats();
    const t = now();
    const status = probe.status ?? "ok";
    const health: Health = {
      v: 1,
      t,
      service: this.o.service,
      instance: this.o.instance,
      status,
      uptimeS: (t - this.startedAt) / 1000,
      loops,
      counters: this.o.counters.toJSON(),
      detail: { version: VERSION, pid: process.pid, ...probe.detail },
    };
    return { health, serving: probe.serving ?? status === "ok" };
  }

  publishNow(): void {
    const { health, serving } = this.snapshot();
    this.o.bus.publish(this.o.bus.subjects.health(this.o.service), health);
    if (this.o.healthFile && serving && this.o.bus.healthy(health.t)) {
      touchHealthFile(this.o.healthFile, health.t);
    }
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
