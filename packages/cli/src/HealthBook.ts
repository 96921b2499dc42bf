/**
 * The latest Health message of every service instance, and the rows of the
 * status table built from it. A service silent for DOWN_AFTER_MS is down.
 */
import type { Health } from "@teleop/shared/messages";

export const DOWN_AFTER_MS = 3000;

export interface StatusRow {
  service: string;
  instance: string;
  status: Health["status"] | "down";
  uptimeS: number;
  loops: Health["loops"];
  counters: Health["counters"];
  detail: Record<string, unknown>;
  /** Seconds since the last health message arrived here. */
  lastSeenS: number;
}

export class HealthBook {
  private readonly entries = new Map<string, { health: Health; receivedAt: number }>();

  update(health: Health, receivedAt: number): void {
    this.entries.set(`${health.service}/${health.instance}`, { health, receivedAt });
  }

  get size(): number {
    return this.entries.size;
  }

  rows(at: number): StatusRow[] {
    return [...this.entries.values()]
      .map(({ health: h, receivedAt }) => ({
        service: h.service,
        instance: h.instance,
        status: at - receivedAt > DOWN_AFTER_MS ? ("down" as const) : h.status,
        uptimeS: h.uptimeS,
        loops: h.loops,
        counters: h.counters,
        detail: h.detail ?? {},
        lastSeenS: (at - receivedAt) / 1000,
      }))
      .sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance));
  }
}
