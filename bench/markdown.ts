/**
 * Renders the saved results (bench/results/<scenario>.json, scale.json) as
 * the Markdown tables of BENCHMARKS.md: `bun bench/markdown.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BaselinePhaseResult } from "./baselinePhase";
import { BUSY2_HEADER, type Busy2Run, busy2Rows } from "./busy2Figures";
import { formatTable, tableRows, type Verdict, verdictRows } from "./report";
import { SCALE_HEADER, type ScaleRow, scaleTableRows } from "./scaleFigures";
import type { StackResult } from "./stackPhase";

interface Saved {
  date: string;
  seconds: number;
  scenario: { name: string; busy: boolean };
  machine: { cpuModel: string; cores: number };
  stack: StackResult;
  baseline: BaselinePhaseResult | null;
  ratio: number | null;
  verdicts: Verdict[];
}

const dir = resolve(process.argv[2] ?? "bench/results");
const load = <T>(name: string): T | undefined => {
  const p = join(dir, name);
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as T) : undefined;
};
const f = (x: number, d = 2) => x.toFixed(d);
const out: string[] = [];

const main = load<Saved>("rtt150.json");
if (main) {
  out.push(
    `### Main run: ${main.scenario.name}, ${main.seconds} s, ${main.date}`,
    "",
    formatTable(
      ["figure", "stack", "sequential baseline"],
      tableRows(main.stack, main.baseline ?? undefined),
      true,
    ),
    "",
    formatTable(["target", "measured", "target", "verdict"], verdictRows(main.verdicts), true),
    "",
  );
}

const runs = [
  "rtt150",
  "rtt500",
  "stall",
  "rtt150-busy",
  "rtt500-busy",
  "stall-busy",
  "rtt150-nice-10",
  "rtt150-busy-nice-10",
  "viewer-stall",
  "cameras",
]
  .map((n) => [n, load<Saved>(`${n}.json`)] as const)
  .filter((e): e is readonly [string, Saved] => e[1] !== undefined);
if (runs.length > 0) {
  const row = (name: string, cell: (s: Saved) => string) => [name, ...runs.map(([, s]) => cell(s))];
  const st = (s: Saved) => s.stack;
  out.push(
    "### Scenarios",
    "",
    formatTable(
      ["figure", ...runs.map(([n]) => n)],
      [
        row("run at (UTC)", (s) => s.date.slice(11, 16)),
        row(
          "recording Hz (span / grid)",
          (s) => `${f(st(s).recording.hz)} / ${f(st(s).recording.gridHz)}`,
        ),
        row("frames / expected", (s) => `${st(s).recording.n} / ${st(s).recording.expected}`),
        row("drops", (s) => String(st(s).recording.drops)),
        row(
          "frame-period error p99 / max ms",
          (s) =>
            `${f(st(s).recording.periodErrorMs.p99)} / ${f(st(s).recording.periodErrorMs.max)}`,
        ),
        row("empty 40 Hz loop period error p99 ms", (s) => f(st(s).timerFloor.periodErrorMs.p99)),
        row(
          "control Hz (span / grid)",
          (s) => `${f(st(s).control.hz)} / ${f(st(s).control.gridHz)}`,
        ),
        row("control period error p99 ms", (s) => f(st(s).control.periodErrorMs.p99)),
        row("controller ticks without lease / lease errors", (s) => {
          const c = st(s).health.controller?.counters ?? {};
          return `${c.ticksWithoutLease ?? 0} / ${c.leaseErrors ?? 0}`;
        }),
        row("predictive share", (s) => `${f(st(s).control.predictiveShare * 100, 1)} %`),
        row("VR->command p99 ms", (s) => f(st(s).latency.vrToCommandMs.p99)),
        row("  sampling / tick -> command arrival p99 ms", (s) => {
          const x = st(s).latency.vrToCommandSplit;
          return x ? `${f(x.samplingMs.p99)} / ${f(x.tickToArrivalMs.p99)}` : "-";
        }),
        row(
          "bus hop p50 / p99 ms",
          (s) => `${f(st(s).latency.bus.hopMs.p50, 3)} / ${f(st(s).latency.bus.hopMs.p99, 3)}`,
        ),
        row("robot state Hz", (s) => f(st(s).robot.hz)),
        row("robot round trip p50 ms", (s) => f(st(s).robot.rttMs.p50, 1)),
        row("longest robot silence ms", (s) => f(st(s).robot.maxGapMs, 0)),
        row(
          "CPU %: services / stack (+ nats)",
          (s) => `${f(st(s).cost.servicesCpuPercent, 1)} / ${f(st(s).cost.stackCpuPercent, 1)}`,
        ),
        row("services CPU % before the window (start-up, JIT)", (s) => {
          const before = st(s).cost.servicesBeforeCpuPercent;
          return before === undefined ? "-" : f(before, 1);
        }),
        row("largest service peak RSS MB", (s) => f(st(s).cost.maxServiceRssMb, 1)),
        row("others' load on the machine (cores)", (s) => f(st(s).machineLoad.othersCoresBusy)),
        row("baseline recording Hz", (s) => (s.baseline ? f(s.baseline.recording.hz) : "-")),
        row("stack / baseline", (s) => (s.ratio !== null ? `${f(s.ratio)}x` : "-")),
      ],
      true,
    ),
    "",
  );
}

const busy2 = load<{ date: string; seconds: number; runs: Busy2Run[] }>("busy2.json");
if (busy2) {
  out.push(
    `### Both cores saturated (busy2): ${busy2.seconds} s per run, ${busy2.date}`,
    "",
    formatTable(BUSY2_HEADER, busy2Rows(busy2.runs), true),
    "",
  );
}

const scale = load<{ date: string; seconds: number; rows: ScaleRow[] }>("scale.json");
if (scale) {
  out.push(
    `### Scaling probe: ${scale.seconds} s per row, ${scale.date}`,
    "",
    formatTable(SCALE_HEADER, scaleTableRows(scale.rows), true),
    "",
  );
}
process.stdout.write(`${out.join("\n")}\n`);
