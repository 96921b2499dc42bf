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
import { BUSY2_HEADER, type Busy2Run, busy2Rows } from "./busy2Figures";
import { stopDescendantsOnSignal } from "./descendants";
import { newRunFolder } from "./runFolders";
import { callAt, robotEnv, SCENARIOS } from "./scenarios";
import { runStack } from "./stackPhase";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const REALTIME = process.env.BENCH_REALTIME ?? "fifo:10";
const log = (line: string) => process.stderr.write(`bench-busy2: ${line}\n`);
stopDescendantsOnSignal(log);
const scenario = SCENARIOS.rtt150;
const env = robotEnv(scenario, callAt(SECONDS, scenario.rttMs));
const resultsDir = resolve(import.meta.dir, "results");
const runDir = newRunFolder(resultsDir, "busy2-", log);
const scenarioPath = resolve(import.meta.dir, "scenarios", "bench-teleop.json");

const spinners = [0, 1].map(() =>
  Bun.spawn(["bun", join(import.meta.dir, "spin.ts")], { stdout: "ignore" }),
);
log(`two spinning processes (${spinners.map((s) => s.pid).join(", ")}) keep both cores busy`);
const runs: Busy2Run[] = [];
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

process.stdout.write(
  `\nteleop bench busy2: both cores saturated, rtt150, ${SECONDS} s per run\n\n${renderTable(
    BUSY2_HEADER,
    busy2Rows(runs),
  )}\n`,
);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "busy2.json"),
  `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, runs }, null, 2)}\n`,
);
