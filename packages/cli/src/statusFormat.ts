/** Text of `teleop status`: one row per service instance. */

import { renderTable } from "@teleop/shared/table";
import type { StatusRow } from "./HealthBook";

export function formatLoops(loops: StatusRow["loops"]): string {
  const parts = Object.entries(loops).map(
    ([name, l]) =>
      `${name} ${l.hz.toFixed(1)}Hz p99 ${l.jitterP99Ms.toFixed(1)}ms${l.overruns ? ` overruns ${l.overruns}` : ""}`,
  );
  return parts.length ? parts.join(", ") : "-";
}

/** Non-zero counters, largest first, at most `max` of them: the ones worth a look. */
export function formatCounters(counters: StatusRow["counters"], max = 4): string {
  const nonzero = Object.entries(counters)
    .filter(([, v]) => v !== 0)
    .sort((a, b) => b[1] - a[1]);
  if (nonzero.length === 0) return "-";
  const shown = nonzero.slice(0, max).map(([k, v]) => `${k}=${v}`);
  return nonzero.length > max ? `${shown.join(" ")} (+${nonzero.length - max})` : shown.join(" ");
}

export function formatUptime(s: number): string {
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function formatStatus(rows: readonly StatusRow[]): string {
  if (rows.length === 0) return "no service has reported health yet";
  return renderTable(
    ["SERVICE", "INSTANCE", "STATUS", "UPTIME", "LOOPS", "COUNTERS", "LAST SEEN"],
    rows.map((r) => [
      r.service,
      r.instance,
      r.status.toUpperCase(),
      formatUptime(r.uptimeS),
      formatLoops(r.loops),
      formatCounters(r.counters),
      `${r.lastSeenS.toFixed(1)}s ago`,
    ]),
  );
}
