/** The bench's verdicts against the targets, and the terminal / Markdown table. */
import { PERFORMANCE_GAINS, RECORD_HZ } from "@teleop/shared/control";
import type { Summary } from "@teleop/shared/stats";
import { renderTable } from "@teleop/shared/table";
import type { BaselinePhaseResult } from "./baselinePhase";
import type { StackResult } from "./stackPhase";

export const TARGETS = {
  recordHz: RECORD_HZ,
  drops: 0,
  recordPeriodErrorP99Ms: 2,
  controlHz: PERFORMANCE_GAINS.hz,
  /** Issue 19: no new command latency over the 17.6 ms p99 measured before it. */
  vrToCommandP99Ms: 17.6,
  /** Tick to the command's arrival: processing (1 ms) plus one bus hop (about 1.7 ms p99 here). */
  tickToArrivalP99Ms: 2.7,
  /** Issue 19: the controller's tick, the sampled VR read to the command published, by its own clock. */
  controlWorkP99Ms: 1,
  stackCpuPercent: 12,
  servicesCpuPercent: 8,
  serviceRssMb: 60,
  /** Issue 13: every published camera frame in the file, on disk within 100 ms of its capture. */
  cameraFramesLost: 0,
  captureToDiskP99Ms: 100,
  /** Issue 13: an MJPEG pass-through camera (service and its ffmpeg), % of a core. */
  passThroughCpuPercent: 3,
};

/** The cameras scenario's MJPEG pass-through camera (bench/CameraRig.ts). */
export const PASS_THROUGH_CAMERA = "pass";

export interface Verdict {
  name: string;
  value: number;
  target: string;
  ok: boolean;
}

/** The controller's own figure from its last health (NaN when it did not report one). */
const controlWorkP99 = (stack: StackResult) =>
  stack.health.controller?.loops.control?.workP99Ms ?? Number.NaN;

/** A rate meets its target when it shows as the target at two decimals. */
const rateOk = (hz: number, target: number) => Math.abs(hz - target) < 0.005;

/**
 * Verdicts on the stack's own figures. The stack / baseline ratio is reported
 * as a figure, not judged: its ceiling is 40 Hz over the baseline's rate.
 */
export function verdicts(stack: StackResult): Verdict[] {
  const t = TARGETS;
  const out: Verdict[] = [
    {
      name: "recording rate, on the 25 ms grid (Hz)",
      value: stack.recording.gridHz,
      target: t.recordHz.toFixed(2),
      ok: rateOk(stack.recording.gridHz, t.recordHz),
    },
    {
      name: "recording drops",
      value: stack.recording.drops,
      target: String(t.drops),
      ok: stack.recording.drops <= t.drops,
    },
    {
      name: "recording period error p99 (ms)",
      value: stack.recording.periodErrorMs.p99,
      target: `<= ${t.recordPeriodErrorP99Ms}`,
      ok: stack.recording.periodErrorMs.p99 <= t.recordPeriodErrorP99Ms,
    },
    {
      name: "control rate, on the 25 ms grid (Hz)",
      value: stack.control.gridHz,
      target: t.controlHz.toFixed(2),
      ok: rateOk(stack.control.gridHz, t.controlHz),
    },
    {
      name: "VR->command p99 (ms)",
      value: stack.latency.vrToCommandMs.p99,
      target: `<= ${t.vrToCommandP99Ms}`,
      ok: stack.latency.vrToCommandMs.p99 <= t.vrToCommandP99Ms,
    },
    {
      name: "VR tick -> command arrival p99 (ms, processing + a bus hop)",
      value: stack.latency.vrToCommandSplit.tickToArrivalMs.p99,
      target: `<= ${t.tickToArrivalP99Ms}`,
      ok: stack.latency.vrToCommandSplit.tickToArrivalMs.p99 <= t.tickToArrivalP99Ms,
    },
    {
      name: "controller tick work p99 (ms, VR read -> command handed to NATS)",
      value: controlWorkP99(stack),
      target: `<= ${t.controlWorkP99Ms}`,
      ok: controlWorkP99(stack) <= t.controlWorkP99Ms,
    },
    {
      name: "services CPU (% of a core)",
      value: stack.cost.servicesCpuPercent,
      target: `<= ${t.servicesCpuPercent}`,
      ok: stack.cost.servicesCpuPercent <= t.servicesCpuPercent,
    },
    {
      name: "stack CPU, services + nats (% of a core)",
      value: stack.cost.stackCpuPercent,
      target: `<= ${t.stackCpuPercent}`,
      ok: stack.cost.stackCpuPercent <= t.stackCpuPercent,
    },
    {
      name: "peak RSS, largest service (MB)",
      value: stack.cost.maxServiceRssMb,
      target: `<= ${t.serviceRssMb}`,
      ok: stack.cost.maxServiceRssMb <= t.serviceRssMb,
    },
  ];
  return out;
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");
const trio = (s: Summary, d = 2) => `${f(s.p50, d)} / ${f(s.p99, d)} / ${f(s.max, d)}`;
const stepsLine = (b: BaselinePhaseResult) =>
  [b.steps.readVr, b.steps.control, b.steps.robot, b.steps.record].map((s) => f(s.p50)).join(" / ");
const loopHz = (b: BaselinePhaseResult) => (b.iterations * 1000) / b.durationMs;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The cameras scenario's verdicts: per camera, frames lost and capture-to-disk; the pass-through camera's CPU. */
export function cameraVerdicts(stack: StackResult): Verdict[] {
  const t = TARGETS;
  const out: Verdict[] = [];
  for (const [id, c] of Object.entries(stack.cameras ?? {})) {
    out.push(
      {
        name: `camera ${id}: frames lost between publish and file`,
        value: c.file.lost,
        target: String(t.cameraFramesLost),
        ok: c.file.published > 0 && c.file.lost <= t.cameraFramesLost,
      },
      {
        name: `camera ${id}: capture-to-disk p99 (ms)`,
        value: c.recorder.captureToDiskP99Ms,
        target: `< ${t.captureToDiskP99Ms}`,
        ok: c.recorder.captureToDiskP99Ms < t.captureToDiskP99Ms,
      },
    );
    if (id === PASS_THROUGH_CAMERA) {
      out.push({
        name: `camera ${id}: MJPEG pass-through CPU, service + ffmpeg (% of a core)`,
        value: c.cpuPercent,
        target: `< ${t.passThroughCpuPercent}`,
        ok: c.cpuPercent < t.passThroughCpuPercent,
      });
    }
  }
  return out;
}

/** Rows of [figure, without cameras, with cameras]: the cameras scenario's two phases of one run. */
export function cameraComparisonRows(without: StackResult, withCameras: StackResult): string[][] {
  const both = (cell: (s: StackResult) => string) => [cell(without), cell(withCameras)];
  const recorder = (s: StackResult) => s.cost.services.recorder;
  return [
    ["recording rate on the 25 ms grid (Hz)", ...both((s) => f(s.recording.gridHz))],
    [
      "drops (empty 25 ms slots + queue drops)",
      ...both((s) => `${s.recording.drops} (${s.recording.missed} + ${s.recording.queueDrops})`),
    ],
    ["frame-period error p50/p99/max (ms)", ...both((s) => trio(s.recording.periodErrorMs))],
    ["MCAP bytes per second", ...both((s) => f(s.recording.bytesPerS, 0))],
    [
      "MCAP chunks / index bytes (message indexes + summary)",
      ...both((s) => `${s.recording.chunks} / ${s.recording.indexBytes}`),
    ],
    [
      "recorder CPU % / peak RSS MB",
      ...both(
        (s) =>
          `${f(recorder(s)?.cpuPercent ?? Number.NaN, 1)} / ${f(recorder(s)?.peakRssMb ?? Number.NaN, 1)}`,
      ),
    ],
    [
      "services CPU % / + nats",
      ...both((s) => `${f(s.cost.servicesCpuPercent, 1)} / ${f(s.cost.stackCpuPercent, 1)}`),
    ],
    [
      "machine busy in window: all / not this run (cores)",
      ...both((s) => `${f(s.machineLoad.coresBusy)} / ${f(s.machineLoad.othersCoresBusy)}`),
    ],
  ];
}

/** Rows of [figure, one column per camera] for the cameras scenario. */
export function cameraRows(stack: StackResult): { header: string[]; rows: string[][] } {
  const cams = Object.entries(stack.cameras ?? {});
  const row = (name: string, cell: (c: (typeof cams)[number][1]) => string) => [
    name,
    ...cams.map(([, c]) => cell(c)),
  ];
  return {
    header: ["camera", ...cams.map(([id]) => id)],
    rows: [
      row(
        "fps / frames seen on the bus (seq gaps)",
        (c) => `${f(c.fps)} / ${c.frames} (${c.seqGaps})`,
      ),
      row(
        "published (camera's seq) / in the file / lost",
        (c) => `${c.file.published} / ${c.file.inFile} / ${c.file.lost}`,
      ),
      row(
        "recorder's own count: frames / fps / lost (seq gaps + queue drops)",
        (c) => `${c.recorder.frames} / ${f(c.recorder.fps)} / ${c.recorder.lost}`,
      ),
      row(
        "capture to bus p50/p99 (ms)",
        (c) => `${f(c.captureToBusP50Ms, 1)} / ${f(c.captureToBusP99Ms, 1)}`,
      ),
      row("capture to recorder p99 (ms)", (c) => f(c.recorder.captureToRecorderP99Ms, 1)),
      row(
        "capture to disk (its chunk in the file) p50/p99 (ms)",
        (c) => `${f(c.recorder.captureToDiskP50Ms, 1)} / ${f(c.recorder.captureToDiskP99Ms, 1)}`,
      ),
      row("capture to synced (the file's next fsync) p99 (ms)", (c) =>
        f(c.recorder.captureToSyncedP99Ms, 1),
      ),
      row(
        "CPU % of a core: service + ffmpeg = total",
        (c) => `${f(c.serviceCpuPercent, 1)} + ${f(c.ffmpegCpuPercent, 1)} = ${f(c.cpuPercent, 1)}`,
      ),
    ],
  };
}

/** Rows of [figure, stack, baseline]. */
export function tableRows(stack: StackResult, baseline?: BaselinePhaseResult): string[][] {
  const r = stack.recording;
  const b = baseline?.recording;
  const rows: string[][] = [
    [
      "recording rate (Hz): over the span / on the 25 ms grid",
      `${f(r.hz)} / ${f(r.gridHz)}`,
      b ? `${f(b.hz)} / ${f(b.gridHz)}` : "-",
    ],
    ["frames written / expected", `${r.n} / ${r.expected}`, b ? `${b.n} / ${b.expected}` : "-"],
    [
      "frame-period error p50/p99/max (ms)",
      trio(r.periodErrorMs),
      b ? trio(b.periodErrorMs, 1) : "-",
    ],
    [
      "drops (empty 25 ms slots + queue drops)",
      `${r.drops} (${r.missed} + ${r.queueDrops})`,
      b ? String(b.drops) : "-",
    ],
    ["MCAP bytes per second", f(r.bytesPerS, 0), b ? f(b.bytesPerS, 0) : "-"],
    [
      "save to final file (ms): request round trip / in the recorder (goal < 1000)",
      `${f(stack.save.replyMs, 1)} / ${f(stack.save.finalMs, 1)}`,
      "-",
    ],
    [
      "empty 40 Hz loop beside it: period error p50/p99/max (ms)",
      trio(stack.timerFloor.periodErrorMs),
      "-",
    ],
    [
      "control rate (Hz): over the span / on the grid",
      `${f(stack.control.hz)} / ${f(stack.control.gridHz)}`,
      b ? f(b.hz) : "-",
    ],
    ["control period error p50/p99/max (ms)", trio(stack.control.periodErrorMs), "-"],
    [
      "control ticks predictive / realtime / idle",
      `${pct(stack.control.predictiveShare)} / ${pct(stack.control.realtimeShare)} / ${pct(stack.control.idleShare)}`,
      "-",
    ],
    ["VR->command p50/p99/max (ms)", trio(stack.latency.vrToCommandMs), "-"],
    [
      "  of which sampling (VR arrival -> tick) p50/p99/max (ms)",
      trio(stack.latency.vrToCommandSplit.samplingMs),
      "-",
    ],
    [
      "  and tick -> command arrival p50/p99/max (ms)",
      trio(stack.latency.vrToCommandSplit.tickToArrivalMs),
      "-",
    ],
    [
      "bus hop p50/p99 (ms, half ping-pong)",
      `${f(stack.latency.bus.hopMs.p50, 3)} / ${f(stack.latency.bus.hopMs.p99, 3)}`,
      "-",
    ],
    ["VR rate (Hz)", f(stack.vr.hz), baseline ? f(loopHz(baseline)) : "-"],
    [
      "baseline step p50: read VR / control / robot / record (ms)",
      "-",
      baseline ? stepsLine(baseline) : "-",
    ],
    ["robot state rate (Hz)", f(stack.robot.hz), baseline ? f(loopHz(baseline)) : "-"],
    [
      "robot round trip p50/p99/max (ms)",
      trio(stack.robot.rttMs, 1),
      baseline ? trio(baseline.steps.robot, 1) : "-",
    ],
    [
      "longest robot-state gap (ms, at s)",
      `${f(stack.robot.maxGapMs, 0)} (at ${f(stack.robot.maxGapStartS, 1)} s)`,
      "-",
    ],
  ];
  for (const [name, c] of Object.entries(stack.cost.services)) {
    rows.push([
      `${name} CPU % / peak / last RSS MB (last: own + mapped files)`,
      `${f(c.cpuPercent, 1)} / ${f(c.peakRssMb, 1)} / ${f(c.rssMb, 1)} (${f(c.anonMb, 1)} + ${f(c.fileMb, 1)})`,
      "-",
    ]);
  }
  const v = stack.viewer;
  if (v) {
    rows.push(
      [
        "stalled Foxglove viewer: sent / dropped (camera frames published)",
        `${v.sent} / ${v.dropped} (${v.cameraFrames})`,
        "-",
      ],
      [
        "stalled viewer: socket bytes held, last / max",
        `${v.bufferedBytes} / ${v.maxBufferedBytes}`,
        "-",
      ],
      [
        "foxglove CPU % / peak / last RSS MB",
        `${f(v.cost.cpuPercent, 1)} / ${f(v.cost.peakRssMb, 1)} / ${f(v.cost.rssMb, 1)}`,
        "-",
      ],
    );
  }
  rows.push(
    [
      "machine busy in window: all / not this run (cores)",
      `${f(stack.machineLoad.coresBusy)} / ${f(stack.machineLoad.othersCoresBusy)}`,
      "-",
    ],
    [
      "nats-server CPU % / peak RSS MB",
      `${f(stack.cost.nats.cpuPercent, 1)} / ${f(stack.cost.nats.peakRssMb, 1)}`,
      "-",
    ],
    [
      "whole stack CPU % (services / + nats)",
      `${f(stack.cost.servicesCpuPercent, 1)} / ${f(stack.cost.stackCpuPercent, 1)}`,
      baseline
        ? `${f(baseline.cost.cpuPercent, 1)} / peak RSS ${f(baseline.cost.peakRssMb, 1)} MB`
        : "-",
    ],
  );
  if (stack.cost.servicesBeforeCpuPercent !== undefined) {
    rows.push([
      "services CPU % from their start to the window (start-up, JIT compiles)",
      f(stack.cost.servicesBeforeCpuPercent, 1),
      "-",
    ]);
  }
  const floor = stack.cost.floor;
  if (floor) {
    rows.push([
      "empty 40 Hz loop beside it: CPU % / peak RSS MB (one Bun process's floor)",
      `${f(floor.cpuPercent, 1)} / ${f(floor.peakRssMb, 1)}`,
      "-",
    ]);
  }
  return rows;
}

/** The bench's tables: ruled text for the terminal, Markdown for BENCHMARKS.md. */
export function formatTable(header: string[], rows: string[][], markdown = false): string {
  return renderTable(header, rows, markdown ? "markdown" : "ruled");
}

export function verdictRows(vs: Verdict[]): string[][] {
  return vs.map((v) => [v.name, f(v.value), v.target, v.ok ? "met" : "MISSED"]);
}
