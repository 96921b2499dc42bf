/** One row of the scaling probe: the worst rig's rates against their targets, and the cost. */
import { RECORD_HZ } from "@teleop/shared/control";
import type { PeriodStats } from "./periods";

/** A rate slips when it falls this far below its target. */
export const SLIP_FRACTION = 0.02;

export interface RigRates {
  control: PeriodStats;
  recording: PeriodStats & { drops: number };
  /** The controller's own view of its loop (health): overruns = slots it skipped. */
  controlOverruns: number;
  /** CPU % of one core of each of the rig's services. */
  cpuPercent: Record<string, number>;
}

export interface ScaleRow {
  rigs: number;
  controlHz: number;
  worstControlHz: number;
  medianControlHz: number;
  worstControlPeriodErrorP99Ms: number;
  controlMissed: number;
  controlOverruns: number;
  worstRecordHz: number;
  worstRecordPeriodErrorP99Ms: number;
  recordDrops: number;
  cpuPercent: number;
  natsCpuPercent: number;
  benchCpuPercent: number;
  maxRssMb: number;
  /** Whole-machine load in the window not caused by this probe, in cores. */
  othersCoresBusy: number;
  perRig: {
    controlHz: number;
    recordHz: number;
    drops: number;
    controlOverruns: number;
    cpuPercent: Record<string, number>;
  }[];
  controlSlips: boolean;
  recordingSlips: boolean;
}

export function scaleRow(
  rigs: number,
  controlHz: number,
  perRig: readonly RigRates[],
  cost: {
    cpuPercent: number;
    natsCpuPercent: number;
    benchCpuPercent: number;
    maxRssMb: number;
    othersCoresBusy: number;
  },
): ScaleRow {
  const min = (xs: number[]) => (xs.length ? Math.min(...xs) : 0);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const worstControlHz = min(perRig.map((r) => r.control.hz));
  const worstRecordHz = min(perRig.map((r) => r.recording.hz));
  const recordDrops = sum(perRig.map((r) => r.recording.drops));
  const sorted = perRig.map((r) => r.control.hz).sort((a, b) => a - b);
  return {
    rigs,
    controlHz,
    worstControlHz,
    medianControlHz: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0,
    worstControlPeriodErrorP99Ms: max(perRig.map((r) => r.control.periodErrorMs.p99)),
    controlMissed: sum(perRig.map((r) => r.control.missed)),
    controlOverruns: sum(perRig.map((r) => r.controlOverruns)),
    worstRecordHz,
    worstRecordPeriodErrorP99Ms: max(perRig.map((r) => r.recording.periodErrorMs.p99)),
    recordDrops,
    ...cost,
    perRig: perRig.map((r) => ({
      controlHz: r.control.hz,
      recordHz: r.recording.hz,
      drops: r.recording.drops,
      controlOverruns: r.controlOverruns,
      cpuPercent: r.cpuPercent,
    })),
    controlSlips: worstControlHz < controlHz * (1 - SLIP_FRACTION),
    recordingSlips: worstRecordHz < RECORD_HZ * (1 - SLIP_FRACTION) || recordDrops > 0,
  };
}

const f = (x: number, d = 1) => x.toFixed(d);

/** Table cells of each row, in SCALE_HEADER's order. */
export function scaleTableRows(rows: ScaleRow[]): string[][] {
  return rows.map((r) => [
    String(r.rigs),
    String(r.controlHz),
    f(r.worstControlHz),
    f(r.medianControlHz),
    f(r.worstControlPeriodErrorP99Ms, 2),
    String(r.controlOverruns),
    f(r.worstRecordHz, 2),
    f(r.worstRecordPeriodErrorP99Ms, 2),
    String(r.recordDrops),
    f(r.cpuPercent),
    f(r.natsCpuPercent),
    f(r.othersCoresBusy, 2),
    f(r.maxRssMb),
    [r.controlSlips ? "control slips" : "", r.recordingSlips ? "recording slips" : ""]
      .filter(Boolean)
      .join(", ") || "holds",
  ]);
}

export const SCALE_HEADER = [
  "rigs",
  "control Hz",
  "worst control Hz",
  "median control Hz",
  "control p99 err ms",
  "control overruns",
  "worst record Hz",
  "record p99 err ms",
  "record drops",
  "CPU % (all)",
  "nats CPU %",
  "others' load (cores)",
  "max RSS MB",
  "verdict",
];
