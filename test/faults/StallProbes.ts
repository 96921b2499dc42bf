/**
 * Stall probes beside a fault run, one per CPU (stallProbeMain.ts): the
 * machine's own pauses, so that a tick the recorder skipped while a probe
 * above its priority could not run either is counted as the machine's.
 */
import { availableParallelism } from "node:os";
import type { Realtime } from "@teleop/shared/realtime";
import { ServiceProcess } from "../support/serviceProcess";
import type { Stall } from "./measure";

/** Gaps shorter than this cannot cost a 25 ms tick on their own. */
const THRESHOLD_MS = 10;
const SCRIPT = "test/faults/stallProbeMain.ts";

export class StallProbes {
  private constructor(private readonly procs: ServiceProcess[]) {}

  /** One probe per CPU one step above `beside` (a fifo or rr policy). */
  static async start(beside: Realtime & { kind: "fifo" | "rr" }): Promise<StallProbes> {
    const policy = `${beside.kind}:${beside.priority + 1}`;
    const procs = Array.from(
      { length: availableParallelism() },
      (_, cpu) =>
        new ServiceProcess({ script: SCRIPT, args: [String(cpu), policy, String(THRESHOLD_MS)] }),
    );
    const probes = new StallProbes(procs);
    try {
      await Promise.all(procs.map((p) => p.waitForLog(/^ready on cpu/m)));
    } catch (err) {
      await probes.stop();
      throw err;
    }
    return probes;
  }

  /** Stop every probe; the stalls they saw, in time order. */
  async stop(): Promise<Stall[]> {
    await Promise.all(this.procs.map((p) => p.stop("SIGTERM", 2000)));
    return this.procs
      .flatMap((p) => p.log.split("\n").filter((l) => l.startsWith("{")))
      .map((l) => JSON.parse(l) as Stall)
      .sort((a, b) => a.at - b.at);
  }
}
