/** Text helpers of the dashboard page (pure, tested beside it). */
import type { Freshness } from "../DashboardModel";

/** 12 ms, 3.2 s, 4 min: an age a person reads at a glance. */
export function ageText(ms: number | null): string {
  if (ms === null) return "-";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  return `${Math.floor(ms / 3_600_000)} h`;
}

/** The badge of a tile: `live · 12 ms`, `stale · 3.2 s`, `down`, `no data`. */
export function badgeText(f: Freshness): string {
  switch (f.state) {
    case "live":
      return `live · ${ageText(f.ageMs)}`;
    case "stale":
      return `stale · ${ageText(f.ageMs)} old`;
    case "down":
      return `${f.source} down`;
    case "none":
      return "no data";
  }
}

/** `rejectedInput` / `rejected_input` -> `rejected input`. */
export function counterLabel(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .toLowerCase();
}

/** Counters worth a look (non-zero, largest first) and how many are zero. */
export function readableCounters(counters: Record<string, number>): {
  shown: Array<{ label: string; value: string }>;
  zero: number;
} {
  const entries = Object.entries(counters);
  const shown = entries
    .filter(([, v]) => v !== 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => ({
      label: counterLabel(k),
      value: Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2),
    }));
  return { shown, zero: entries.length - shown.length };
}

/** The header's one word, and what is wrong when it is not "live". */
export function headerState(
  tiles: Record<string, Freshness>,
  downServices: readonly string[],
): { text: string; live: boolean } {
  const problems = [
    ...downServices.map((s) => `${s} down`),
    ...Object.entries(tiles)
      .filter(
        ([, f]) => f.state === "stale" || (f.state === "down" && !downServices.includes(f.source)),
      )
      .map(([name, f]) => (f.state === "down" ? `${f.source} down` : `${name} stale`)),
  ];
  const unique = [...new Set(problems)];
  return unique.length === 0
    ? { text: "live", live: true }
    : { text: `degraded: ${unique.join(", ")}`, live: false };
}
