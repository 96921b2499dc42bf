/** Facts about the machine a bench ran on, for the JSON and BENCHMARKS.md. */
import { cpus, freemem, loadavg, release, totalmem } from "node:os";

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  kernel: string;
  bun: string;
  natsServer: string;
  loadAvg: number[];
}

function version(cmd: string[]): string {
  try {
    const r = Bun.spawnSync(cmd);
    return r.stdout.toString().trim() || r.stderr.toString().trim();
  } catch {
    return "unknown";
  }
}

export function machineFacts(): MachineFacts {
  const c = cpus();
  return {
    cpuModel: c[0]?.model ?? "unknown",
    cores: c.length,
    memoryGb: totalmem() / 2 ** 30,
    freeMemoryGb: freemem() / 2 ** 30,
    kernel: release(),
    bun: Bun.version,
    natsServer: version(["nats-server", "--version"]),
    loadAvg: loadavg(),
  };
}
