/**
 * Reading a process's cost from outside: CPU time from /proc/<pid>/stat and
 * memory from /proc/<pid>/status, as pure parsers plus one sampling helper.
 */
import { readFileSync } from "node:fs";

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  /** The parent's pid (field 4). */
  ppid: number;
  /** User and system CPU time, clock ticks (fields 14 and 15). */
  utime: number;
  stime: number;
  /** When the process started, clock ticks after boot (field 22). */
  startTicks: number;
}

/**
 * Parse /proc/<pid>/stat. The command name sits in parentheses and may itself
 * hold spaces or ')', so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) throw new Error("not a /proc/<pid>/stat line");
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); utime is field 14, stime field 15.
  const ppid = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  const startTicks = Number(rest[19]);
  if (
    !Number.isInteger(pid) ||
    !Number.isInteger(ppid) ||
    !Number.isFinite(utime) ||
    !Number.isFinite(stime) ||
    !Number.isFinite(startTicks)
  ) {
    throw new Error("malformed /proc/<pid>/stat line");
  }
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? "?",
    ppid,
    utime,
    stime,
    startTicks,
  };
}

export interface ProcMemory {
  /** Peak resident set size (VmHWM), kB. */
  peakRssKb: number;
  /** Current resident set size (VmRSS), kB. */
  rssKb: number;
  /** Of it, the process's own memory (RssAnon: heaps, stacks, buffers), kB. */
  anonKb: number;
  /** And pages of files it maps (RssFile + RssShmem: the bun binary's code above all, shared by every Bun process), kB. */
  fileKb: number;
}

/** Parse VmHWM, VmRSS and the resident split (kB) from /proc/<pid>/status. */
export function parseProcStatus(text: string): ProcMemory {
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(text);
    if (!m) throw new Error(`${name} missing from /proc/<pid>/status`);
    return Number(m[1]);
  };
  return {
    peakRssKb: field("VmHWM"),
    rssKb: field("VmRSS"),
    anonKb: field("RssAnon"),
    fileKb: field("RssFile") + field("RssShmem"),
  };
}

/** CPU use as a percentage of one core over a wall-clock interval. */
export function cpuPercent(ticks: number, clockTicksPerS: number, wallMs: number): number {
  if (wallMs <= 0) return 0;
  return ((ticks / clockTicksPerS) * 1000 * 100) / wallMs;
}

/** Clock ticks per second of /proc times (USER_HZ); 100 on Linux unless getconf says otherwise. */
export function clockTicksPerSecond(): number {
  const r = Bun.spawnSync(["getconf", "CLK_TCK"]);
  const n = Number(r.stdout.toString().trim());
  return r.exitCode === 0 && n > 0 ? n : 100;
}

export interface CpuSample {
  /** utime + stime, clock ticks. */
  ticks: number;
  /** When it was read, ms (monotonic). */
  at: number;
  /** How long the process had run when it was read, s. */
  ageS: number;
}

/** Seconds since boot, from /proc/uptime's first field. */
export function parseUptime(text: string): number {
  const s = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(s)) throw new Error("malformed /proc/uptime");
  return s;
}

/** Current CPU ticks of a process, or undefined once it has gone. */
export function readCpu(pid: number, clockTicksPerS: number): CpuSample | undefined {
  try {
    const s = parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
    const ageS = parseUptime(readFileSync("/proc/uptime", "utf8")) - s.startTicks / clockTicksPerS;
    return { ticks: s.utime + s.stime, at: performance.now(), ageS };
  } catch {
    return undefined;
  }
}

export function readMemory(pid: number): ProcMemory | undefined {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

export interface MachineCpu {
  /** Busy clock ticks over all cores (everything but idle and iowait). */
  busy: number;
  total: number;
}

/** The aggregate `cpu` line of /proc/stat. */
export function parseMachineCpu(procStat: string): MachineCpu {
  const line = procStat.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) throw new Error("no aggregate cpu line in /proc/stat");
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 5 || f.some((x) => !Number.isFinite(x))) throw new Error("malformed cpu line");
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

export function readMachineCpu(): MachineCpu {
  return parseMachineCpu(readFileSync("/proc/stat", "utf8"));
}

/** Whole-machine CPU use between two readings, in cores (2 = both cores of a 2-core machine busy). */
export function coresBusy(a: MachineCpu, b: MachineCpu, cores: number): number {
  const total = b.total - a.total;
  return total > 0 ? ((b.busy - a.busy) / total) * cores : 0;
}
