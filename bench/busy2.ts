/**
 * `make bench-busy2`: both cores saturated by two spinning processes, the
 * whole stack measured twice in one run, at normal priority and with
 * REALTIME (default fifo:10) on the services and nats-server. Prints the
 * recording and control period error (p50/p99/max) and drops of each, and
 * writes bench/results/busy2.json. Needs root (or CAP_SYS_NICE) for fifo.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderTable } from "@teleop/shared/table";
import { callAt, robotEnv, SCENARIOS } from "./scenarios";
import { runStack, type StackResult } from "./stackPhase";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const REALTIME = process.env.BENCH_REALTIME ?? "fifo:10";
const log = (line: string) => process.stderr.write(`bench-busy2: ${line}\n`);
const scenario = SCENARIOS.rtt150;
const env = robotEnv(scenario, callAt(SECONDS, scenario.rttMs));
const resultsDir = resolve(import.meta.dir, "results");
const runDir = join(resultsDir, `busy2-${new Date().toISOString().replace(/[:.]/g, "-")}`);
const scenarioPath = resolve(import.meta.dir, "scenarios", "bench-teleop.json");

const spinners = [0, 1].map(() =>
  Bun.spawn(["bun", join(import.meta.dir, "spin.ts")], { stdout: "ignore" }),
);
log(`two spinning processes (${spinners.map((s) => s.pid).join(", ")}) keep both cores busy`);
const runs: Array<{ realtime: string; stack: StackResult }> = [];
try {
  for (const realtime of ["off", REALTIME]) {
    log(`stack with REALTIME=${realtime} for ${SECONDS} s`);
    const stack = await runStack({
      seconds: SECONDS,
      scenarioPath,
      robotEnv: env,
      recordingsDir: join(runDir, realtime, "recordings"),
      logsDir: join(runDir, realtime, "logs"),
      warmupS: 3,
      nice: 0,
      realtime,
      stalledViewer: false,
      cameras: false,
      log,
    });
    runs.push({ realtime, stack });
  }
} finally {
  for (const s of spinners) s.kill();
  await Promise.all(spinners.map((s) => s.exited));
}

const ms = (x: number | undefined) => (x === undefined ? "-" : x.toFixed(2));
const rows = runs.flatMap(({ realtime, stack }) =>
  (["recording", "control"] as const).map((loop) => {
    const p = stack[loop];
    return [
      realtime,
      loop,
      p.gridHz.toFixed(2),
      String(p.missed),
      ms(p.periodErrorMs.p50),
      ms(p.periodErrorMs.p99),
      ms(p.periodErrorMs.max),
    ];
  }),
);
process.stdout.write(
  `\nteleop bench busy2: both cores saturated, rtt150, ${SECONDS} s per run\n\n${renderTable(
    ["REALTIME", "loop", "Hz (grid)", "missed", "period err p50 ms", "p99 ms", "max ms"],
    rows,
  )}\n`,
);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "busy2.json"),
  `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, runs }, null, 2)}\n`,
);
