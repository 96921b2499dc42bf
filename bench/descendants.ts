/**
 * A bench killed by a signal stops what it started. Its services, nats-server,
 * echo and probes are children (and their children) that outlive a parent
 * sent SIGTERM alone (`kill`, `timeout`, a CI job's cancel), and a stack left
 * running skews the next bench's figures. Ctrl-C in a terminal reaches the
 * whole process group already; this covers the rest.
 */
import { readdirSync, readFileSync } from "node:fs";
import { parseProcStat } from "./procStats";

export interface ProcParent {
  pid: number;
  ppid: number;
}

/** Every process below `root` in the tree the pairs describe, nearest first. */
export function descendantsOf(root: number, procs: readonly ProcParent[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const out: number[] = [];
  const seen = new Set([root]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const c of children.get(queue[i]!) ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** The (pid, parent) pairs of the machine's processes, from /proc (those that vanish while read are skipped). */
export function processTree(): ProcParent[] {
  const out: ProcParent[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = parseProcStat(readFileSync(`/proc/${name}/stat`, "utf8"));
      out.push({ pid: s.pid, ppid: s.ppid });
    } catch {
      // gone between the listing and the read
    }
  }
  return out;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): number[] {
  const alive: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
      alive.push(pid);
    } catch {
      // already gone
    }
  }
  return alive;
}

/** Running, not gone and not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8")).state !== "Z";
  } catch {
    return false;
  }
}

/**
 * On SIGINT or SIGTERM: SIGTERM to every descendant, SIGKILL to those left
 * after `graceMs`, then exit with 128 + the signal's number.
 */
export function stopDescendantsOnSignal(log: (line: string) => void, graceMs = 3000): void {
  let stopping = false;
  const stop = async (signal: "SIGINT" | "SIGTERM") => {
    if (stopping) return;
    stopping = true;
    const pids = signalAll(descendantsOf(process.pid, processTree()), "SIGTERM");
    log(`${signal}: stopping ${pids.length} processes it started`);
    const until = Date.now() + graceMs;
    let left = pids;
    while (left.length > 0 && Date.now() < until) {
      await Bun.sleep(50);
      left = left.filter(isAlive);
    }
    // Those that ignored SIGTERM, and any they started meanwhile.
    signalAll([...left, ...descendantsOf(process.pid, processTree())], "SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
