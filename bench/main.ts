/**
 * `make bench`: the whole stack against the sequential baseline in one run.
 * Prints a table and writes bench/results/latest.json (summaries of the raw
 * samples, durations, scenario, machine facts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { now } from "@teleop/shared/clock";
import { loadConfigOrExit } from "@teleop/shared/config";
import { type BaselinePhaseResult, runBaselinePhase } from "./baselinePhase";
import { benchSpecs } from "./benchSpecs";
import { stopDescendantsOnSignal } from "./descendants";
import { machineFacts } from "./machine";
import {
  cameraComparisonRows,
  cameraRows,
  cameraVerdicts,
  formatTable,
  tableRows,
  verdictRows,
  verdicts,
} from "./report";
import { newRunFolder } from "./runFolders";
import { callAt, robotEnv, SCENARIOS } from "./scenarios";
import { runStack, type StackResult } from "./stackPhase";

const config = loadConfigOrExit("bench", benchSpecs);
/** From the bridge's first backend call to the episode start, roughly (startup + warm-up). */
const LEAD_S = 2 + config.warmup;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
stopDescendantsOnSignal(log);
const scenario = SCENARIOS[config.scenario];
const stallAtCall = callAt(LEAD_S + config.seconds / 2, scenario.rttMs);
const env = robotEnv(scenario, stallAtCall);
const resultsDir = resolve(config.resultsDir);
const runDir = newRunFolder(resultsDir, "run-", log);
const recordingsDir = join(runDir, "recordings");
const scenarioPath = resolve(import.meta.dir, "scenarios", "bench-teleop.json");
mkdirSync(recordingsDir, { recursive: true });

const machine = machineFacts();
const startedAt = now();
let spinner: ReturnType<typeof Bun.spawn> | undefined;
if (config.busy) {
  spinner = Bun.spawn(["bun", join(import.meta.dir, "spin.ts")], { stdout: "ignore" });
  log(`busy: spinning process ${spinner.pid} keeps one core busy`);
}

let baseline: BaselinePhaseResult | undefined;
try {
  log(
    `scenario ${scenario.name} (robot round trip ${scenario.rttMs} ms${scenario.stallMs ? `, silent ${scenario.stallMs} ms at backend call ${stallAtCall}` : ""}), ${config.seconds} s`,
  );
  const phase = (cameras: boolean, name: string) =>
    runStack({
      seconds: config.seconds,
      scenarioPath,
      robotEnv: env,
      recordingsDir: join(recordingsDir, name),
      logsDir: join(runDir, "logs", name),
      warmupS: config.warmup,
      stalledViewer: scenario.stalledViewer,
      nice: config.nice,
      cameras,
      log,
    });
  // The cameras scenario measures the same stack without cameras first, in the same run.
  let withoutCameras: StackResult | undefined;
  if (scenario.cameras) {
    log(`phase 1 of 2: the stack without cameras for ${config.seconds} s`);
    withoutCameras = await phase(false, "stack-no-cameras");
    log(`phase 2 of 2: the stack with two cameras for ${config.seconds} s`);
  }
  const stack = await phase(scenario.cameras, "stack");
  for (const [id, c] of Object.entries(stack.cameras ?? {})) {
    log(
      `camera ${id}: ${c.fps.toFixed(2)} fps, published ${c.file.published}, in the file ${c.file.inFile}, lost ${c.file.lost}; capture to disk p99 ${c.recorder.captureToDiskP99Ms.toFixed(1)} ms; CPU ${c.cpuPercent.toFixed(1)} % of a core (service ${c.serviceCpuPercent.toFixed(1)}, ffmpeg ${c.ffmpegCpuPercent.toFixed(1)})`,
    );
  }
  if (config.baseline) {
    log(`sequential baseline for ${config.seconds} s`);
    baseline = await runBaselinePhase({
      seconds: config.seconds,
      scenarioPath,
      simEnv: env,
      recordingsDir: join(recordingsDir, "baseline"),
    });
  }
  const ratio = baseline ? stack.recording.hz / baseline.recording.hz : undefined;
  const vs = [...verdicts(stack), ...cameraVerdicts(stack)];
  const result = {
    version: 1,
    date: new Date().toISOString(),
    scenario: {
      ...scenario,
      busy: config.busy,
      nice: config.nice,
      stallAtCall: scenario.stallMs ? stallAtCall : null,
      robotEnv: env,
    },
    seconds: config.seconds,
    warmupS: config.warmup,
    machine,
    durations: {
      totalMs: now() - startedAt,
      stackStartupMs: stack.startupMs,
      stackWindowMs: stack.windowMs,
      baselineMs: baseline?.durationMs ?? null,
    },
    stack,
    stackWithoutCameras: withoutCameras ?? null,
    baseline: baseline ?? null,
    ratio: ratio ?? null,
    verdicts: vs,
  };
  mkdirSync(resultsDir, { recursive: true });
  const out = join(resultsDir, "latest.json");
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(out, json);
  // Also under the scenario's name, so BENCHMARKS.md can gather one run of each.
  writeFileSync(
    join(
      resultsDir,
      `${scenario.name}${config.busy ? "-busy" : ""}${config.nice ? `-nice${config.nice}` : ""}.json`,
    ),
    json,
  );

  const title = `teleop bench: ${scenario.name}${config.busy ? " + busy core" : ""}, ${config.seconds} s after ${config.warmup} s, ${machine.cores} cores, ${result.date}`;
  process.stdout.write(`\n${title}\n\n`);
  process.stdout.write(
    `${formatTable(["figure", "stack", "sequential baseline"], tableRows(stack, baseline))}\n\n`,
  );
  if (withoutCameras) {
    process.stdout.write(
      `${formatTable(["figure", "without cameras", "with cameras"], cameraComparisonRows(withoutCameras, stack))}\n\n`,
    );
    const cams = cameraRows(stack);
    process.stdout.write(`${formatTable(cams.header, cams.rows)}\n\n`);
  }
  process.stdout.write(
    `${formatTable(["target", "measured", "target", "verdict"], verdictRows(vs))}\n\n`,
  );
  if (ratio !== undefined)
    process.stdout.write(`stack / baseline recording rate: ${ratio.toFixed(2)}x\n`);
  process.stdout.write(`results: ${out}\n`);
} finally {
  if (spinner) {
    spinner.kill();
    await spinner.exited;
  }
}
