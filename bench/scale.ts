/**
 * `make bench-scale`: where rates start to slip. For each number of rigs
 * (distinct TELEOP_PREFIX, all four services each) on one nats-server and
 * each control rate, the rigs run with a recorder episode each; the control
 * rate comes from a tap on every rig's commands, the recording rate from
 * every rig's MCAP, the cost from /proc. Prints a table and writes
 * bench/results/scale.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { loadConfigOrExit } from "@teleop/shared/config";
import { RECORD_HZ } from "@teleop/shared/control";
import { type Health, HealthMsg, RecorderReplyMsg } from "@teleop/shared/messages";
import { testBus } from "../test/support/bus";
import { NatsServer } from "../test/support/natsServer";
import { CommandTimes } from "./CommandTimes";
import { stopDescendantsOnSignal } from "./descendants";
import { machineFacts } from "./machine";
import { readFrames } from "./mcapFrames";
import { ProcMonitor } from "./ProcMonitor";
import { periodStats, within } from "./periods";
import { coresBusy, readMachineCpu } from "./procStats";
import { Rig, SERVICES } from "./Rig";
import { formatTable } from "./report";
import { newRunFolder } from "./runFolders";
import {
  type RigRates,
  SCALE_HEADER,
  type ScaleRow,
  scaleRow,
  scaleTableRows,
} from "./scaleFigures";
import { scaleSpecs } from "./scaleSpecs";
import { robotEnv, SCENARIOS } from "./scenarios";

/** Warm-up before the window: every process JIT-compiles its hot paths first. */
const warmupS = (rigs: number) => 2 + rigs;

const config = loadConfigOrExit("bench-scale", scaleSpecs);
const log = (line: string) => process.stderr.write(`bench-scale: ${line}\n`);
stopDescendantsOnSignal(log);
const resultsDir = resolve(config.resultsDir);
const runDir = newRunFolder(resultsDir, "scale-", log);
const scenarioPath = resolve(import.meta.dir, "scenarios", "bench-teleop.json");

interface RigTap {
  prefix: string;
  bus: Bus;
  commands: CommandTimes;
  controllerHealth?: Health;
}

async function runCombination(nats: NatsServer, rigCount: number, hz: number): Promise<ScaleRow> {
  const dir = join(runDir, `${rigCount}rigs-${hz}hz`);
  const taps: RigTap[] = [];
  for (let i = 1; i <= rigCount; i++) {
    const prefix = `rig${i}`;
    const bus = await testBus(nats.url, "bench-scale", prefix);
    const tap: RigTap = { prefix, bus, commands: new CommandTimes(bus) };
    bus.subscribe(bus.subjects.health("controller"), HealthMsg, (h) => {
      tap.controllerHealth = h;
    });
    taps.push(tap);
  }
  const rigs: Rig[] = [];
  try {
    const started = await Promise.all(
      taps.map((t) =>
        Rig.start({
          natsUrl: nats.url,
          prefix: t.prefix,
          recordingsDir: join(dir, t.prefix),
          scenarioPath,
          robotEnv: robotEnv(SCENARIOS.rtt150, 1),
          controlHz: hz,
          readyTimeoutMs: 120_000,
        }),
      ),
    );
    rigs.push(...started);
    await Bun.sleep(warmupS(rigCount) * 1000);
    const pids: Record<string, number> = { nats: nats.pid!, bench: process.pid };
    rigs.forEach((r, i) => {
      for (const n of SERVICES) pids[`${taps[i]!.prefix}/${n}`] = r.pid(n);
    });
    const monitor = new ProcMonitor(pids);
    const replies = await Promise.all(
      taps.map((t) => t.bus.request(t.bus.subjects.recorderStart, {}, RecorderReplyMsg, 10_000)),
    );
    const bad = replies.find((r) => !r.ok);
    if (bad) throw new Error(`a recorder did not start: ${bad.error}`);
    const from = now();
    const cpuFrom = readMachineCpu();
    monitor.start(1000);
    await Bun.sleep(config.seconds * 1000);
    const to = now();
    const costs = monitor.stop();
    const machineCores = coresBusy(cpuFrom, readMachineCpu(), cpus().length);
    const saved = await Promise.all(
      taps.map((t) =>
        t.bus.request(t.bus.subjects.recorderSave, { success: true }, RecorderReplyMsg, 20_000),
      ),
    );
    const perRig: RigRates[] = [];
    for (const [i, t] of taps.entries()) {
      const path = saved[i]!.path;
      if (!saved[i]!.ok || !path) throw new Error(`${t.prefix}: recorder did not save`);
      const frames = await readFrames(path);
      const rec = periodStats(
        [...frames.frameTimesMs].sort((a, b) => a - b),
        1000 / RECORD_HZ,
      );
      perRig.push({
        control: periodStats(within(t.commands.times, from, to), 1000 / hz),
        recording: { ...rec, drops: rec.missed + Number(frames.finalMetadata.dropped ?? 0) },
        controlOverruns: t.controllerHealth?.loops.control?.overruns ?? 0,
        cpuPercent: Object.fromEntries(
          SERVICES.map((n) => [n, costs[`${t.prefix}/${n}`]!.cpuPercent]),
        ),
      });
    }
    const serviceCosts = Object.entries(costs).filter(([n]) => n.includes("/"));
    const cpu = serviceCosts.reduce((s, [, c]) => s + c.cpuPercent, 0) + costs.nats!.cpuPercent;
    return scaleRow(rigCount, hz, perRig, {
      cpuPercent: cpu,
      natsCpuPercent: costs.nats!.cpuPercent,
      benchCpuPercent: costs.bench!.cpuPercent,
      maxRssMb: Math.max(...serviceCosts.map(([, c]) => c.peakRssMb)),
      othersCoresBusy: machineCores - (cpu + costs.bench!.cpuPercent) / 100,
    });
  } finally {
    await Promise.all(rigs.map((r) => r.stop()));
    await Promise.all(taps.map((t) => t.bus.close()));
  }
}

const machine = machineFacts();
const startedAt = now();
const nats = await NatsServer.start();
const rows: ScaleRow[] = [];
try {
  for (const rigCount of config.rigs) {
    for (const hz of config.hz) {
      log(`${rigCount} rig(s), control at ${hz} Hz, ${config.seconds} s`);
      const row = await runCombination(nats, rigCount, hz);
      rows.push(row);
      log(
        formatTable(SCALE_HEADER, scaleTableRows([row]))
          .split("\n")
          .at(-1)!,
      );
    }
  }
} finally {
  await nats.dispose();
}
const date = new Date().toISOString();
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, "scale.json");
writeFileSync(
  out,
  `${JSON.stringify({ version: 1, date, seconds: config.seconds, machine, durationMs: now() - startedAt, rows }, null, 2)}\n`,
);
process.stdout.write(
  `\nteleop bench-scale: ${config.seconds} s per row, ${machine.cores} cores, ${date}\n\n`,
);
process.stdout.write(`${formatTable(SCALE_HEADER, scaleTableRows(rows))}\n\nresults: ${out}\n`);
