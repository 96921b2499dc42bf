/**
 * Optional scheduling priority for a service's process (REALTIME): a
 * real-time policy (SCHED_FIFO or SCHED_RR through `chrt`) or a nice level
 * (through `renice`). Off by default: real-time threads that spin can starve
 * the machine, and only root (or CAP_SYS_NICE under compose) may ask for them.
 * With both cores saturated by other work, a real-time loop still wakes on time.
 */
import { spawnSync } from "bun";

export type Realtime =
  | { kind: "off" }
  | { kind: "fifo" | "rr"; priority: number }
  | { kind: "nice"; value: number };

export const REALTIME_PATTERN = /^(off|(fifo|rr):([1-9][0-9]?)|nice:(-?[0-9]{1,2}))$/;

export function parseRealtime(text: string): Realtime {
  const m = REALTIME_PATTERN.exec(text);
  if (!m) throw new Error(`REALTIME "${text}" is not off, fifo:N, rr:N (N 1-99) or nice:N`);
  if (m[1] === "off") return { kind: "off" };
  if (m[2]) return { kind: m[2] as "fifo" | "rr", priority: Number(m[3]) };
  const value = Number(m[4]);
  if (value < -20 || value > 19) throw new Error(`REALTIME nice level ${value} is outside -20..19`);
  return { kind: "nice", value };
}

/** The command that applies `r` to every thread of `pid`, or undefined for off. */
export function realtimeCommand(r: Realtime, pid: number): string[] | undefined {
  switch (r.kind) {
    case "off":
      return undefined;
    case "fifo":
    case "rr":
      return ["chrt", "-a", r.kind === "fifo" ? "-f" : "-r", "-p", String(r.priority), String(pid)];
    case "nice":
      return ["renice", "-n", String(r.value), "-p", String(pid)];
  }
}

/** Applies `r` to this process; says what happened (the reason when the system refuses). */
export function applyRealtime(
  r: Realtime,
  pid: number = process.pid,
): { ok: boolean; detail: string } {
  const cmd = realtimeCommand(r, pid);
  if (!cmd) return { ok: true, detail: "off" };
  const tool = Bun.which(cmd[0]!);
  if (!tool) return { ok: false, detail: `${cmd[0]} not found (Debian: util-linux / bsdutils)` };
  const p = spawnSync([tool, ...cmd.slice(1)], { stdout: "ignore", stderr: "pipe" });
  if (p.exitCode === 0) return { ok: true, detail: cmd.join(" ") };
  const why = p.stderr.toString().trim() || `exit ${p.exitCode}`;
  return { ok: false, detail: `${cmd.join(" ")} refused: ${why} (needs root or CAP_SYS_NICE)` };
}
