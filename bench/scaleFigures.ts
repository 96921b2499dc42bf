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
}

export interface ScaleRow {
  rigs: number;
  controlHz: number;
  worstControlHz: number;
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
  controlSlips: boolean;
  recordingSlips: boolean;
}

export function scaleRow(
  rigs: number,
  controlHz: number,
  perRig: readonly RigRates[],
  cost: { cpuPercent: number; natsCpuPercent: number; benchCpuPercent: number; maxRssMb: number },
): ScaleRow {
  const min = (xs: number[]) => (xs.length ? Math.min(...xs) : 0);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const worstControlHz = min(perRig.map((r) => r.control.hz));
  const worstRecordHz = min(perRig.map((r) => r.recording.hz));
  const recordDrops = sum(perRig.map((r) => r.recording.drops));
  return {
    rigs,
    controlHz,
    worstControlHz,
    worstControlPeriodErrorP99Ms: max(perRig.map((r) => r.control.periodErrorMs.p99)),
    controlMissed: sum(perRig.map((r) => r.control.missed)),
    controlOverruns: sum(perRig.map((r) => r.controlOverruns)),
    worstRecordHz,
    worstRecordPeriodErrorP99Ms: max(perRig.map((r) => r.recording.periodErrorMs.p99)),
    recordDrops,
    ...cost,
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
    f(r.worstControlPeriodErrorP99Ms, 2),
    String(r.controlOverruns),
    f(r.worstRecordHz, 2),
    f(r.worstRecordPeriodErrorP99Ms, 2),
    String(r.recordDrops),
    f(r.cpuPercent),
    f(r.natsCpuPercent),
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
  "control p99 err ms",
  "control overruns",
  "worst record Hz",
  "record p99 err ms",
  "record drops",
  "CPU % (all)",
  "nats CPU %",
  "max RSS MB",
  "verdict",
];
