/**
 * Samples named processes' /proc entries while a phase runs: CPU ticks at
 * the first and newest sample, and the highest peak RSS (VmHWM) seen. A
 * process that exits keeps its last sample.
 */
import { type CpuSample, clockTicksPerSecond, cpuPercent, readCpu, readMemory } from "./procStats";

export interface ProcCost {
  pid: number;
  cpuPercent: number;
  /** CPU seconds (user + system) spent in the window. */
  cpuS: number;
  wallS: number;
  /** % of a core from the process's start to the window: start-up, warm-up and the JIT's first compiles. */
  beforeCpuPercent: number;
  peakRssMb: number;
  /** Resident set at the last sample (steady state; the peak is often start-up). */
  rssMb: number;
  /** Of that last resident set: the process's own memory, and pages of mapped files (the bun binary's code, shared by every Bun process). */
  anonMb: number;
  fileMb: number;
}

interface Track {
  pid: number;
  first?: CpuSample;
  last?: CpuSample;
  peakRssKb: number;
  rssKb: number;
  anonKb: number;
  fileKb: number;
}

export class ProcMonitor {
  private readonly tracks = new Map<string, Track>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly hz = clockTicksPerSecond();

  constructor(pids: Record<string, number>) {
    for (const [name, pid] of Object.entries(pids))
      this.tracks.set(name, { pid, peakRssKb: 0, rssKb: 0, anonKb: 0, fileKb: 0 });
  }

  start(intervalMs = 500): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes a final sample and returns each process's cost over the window. */
  stop(): Record<string, ProcCost> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const out: Record<string, ProcCost> = {};
    for (const [name, t] of this.tracks) {
      const ticks = t.first && t.last ? t.last.ticks - t.first.ticks : 0;
      const wallMs = t.first && t.last ? t.last.at - t.first.at : 0;
      out[name] = {
        pid: t.pid,
        cpuPercent: cpuPercent(ticks, this.hz, wallMs),
        cpuS: ticks / this.hz,
        wallS: wallMs / 1000,
        beforeCpuPercent: t.first ? cpuPercent(t.first.ticks, this.hz, t.first.ageS * 1000) : 0,
        peakRssMb: t.peakRssKb / 1024,
        rssMb: t.rssKb / 1024,
        anonMb: t.anonKb / 1024,
        fileMb: t.fileKb / 1024,
      };
    }
    return out;
  }

  /**
   * Raises each cost's peak to its process's lifetime peak (VmHWM) now: called
   * after the episode is saved, so the save's own peak (last chunk, summary)
   * counts too. A process already gone keeps the peak of its last sample.
   */
  finalPeaks(costs: Record<string, ProcCost>): void {
    for (const [name, t] of this.tracks) {
      const mem = readMemory(t.pid);
      const c = costs[name];
      if (mem && c) c.peakRssMb = Math.max(c.peakRssMb, mem.peakRssKb / 1024);
    }
  }

  private sample(): void {
    for (const t of this.tracks.values()) {
      const cpu = readCpu(t.pid, this.hz);
      if (!cpu) continue;
      t.first ??= cpu;
      t.last = cpu;
      const mem = readMemory(t.pid);
      if (mem) {
        t.peakRssKb = Math.max(t.peakRssKb, mem.peakRssKb);
        t.rssKb = mem.rssKb;
        t.anonKb = mem.anonKb;
        t.fileKb = mem.fileKb;
      }
    }
  }
}
