/**
 * From raw observations (tapped messages, hop samples, a recording's frame
 * times) to the figures the bench reports. Pure, so each formula is tested
 * on data worked out by hand.
 */
import type { Summary } from "@teleop/shared/stats";
import type { CommandRow, StateRow, StatusRow } from "./BusTap";
import type { HopSample } from "./HopProbe";
import type { McapFrames } from "./mcapFrames";
import { type PeriodStats, periodStats, share, summarizeFinite, within } from "./periods";

export interface Window {
  from: number;
  to: number;
}

export interface RecordingFigures extends PeriodStats {
  path: string;
  bytes: number;
  messages: number;
  bytesPerS: number;
  /** MCAP chunks, and the bytes of index (message indexes and summary). */
  chunks: number;
  indexBytes: number;
  /** Records the recorder could not queue (its own counter). */
  queueDrops: number;
  /** Missing ticks plus queue drops: every way a frame can be lost. */
  drops: number;
}

export function recordingFigures(
  frames: McapFrames,
  periodMs: number,
  queueDrops: number,
): RecordingFigures {
  const times = [...frames.frameTimesMs].sort((a, b) => a - b);
  const p = periodStats(times, periodMs);
  return {
    ...p,
    path: frames.path,
    bytes: frames.bytes,
    messages: frames.messages,
    bytesPerS: p.spanMs > 0 ? (frames.bytes * 1000) / p.spanMs : 0,
    chunks: frames.chunks,
    indexBytes: frames.indexBytes,
    queueDrops,
    drops: p.missed + queueDrops,
  };
}

export interface ControlFigures extends PeriodStats {
  /** Share of control ticks in each mode (control.status). */
  predictiveShare: number;
  realtimeShare: number;
  idleShare: number;
  movementShare: number;
}

export function controlFigures(
  commands: readonly CommandRow[],
  statuses: readonly StatusRow[],
  w: Window,
  periodMs: number,
): ControlFigures {
  const p = periodStats(
    within(
      commands.map((c) => c.t),
      w.from,
      w.to,
    ),
    periodMs,
  );
  const st = statuses.filter((s) => s.t >= w.from && s.t <= w.to);
  const cmds = commands.filter((c) => c.t >= w.from && c.t <= w.to);
  return {
    ...p,
    predictiveShare: share(st, (s) => s.mode === "predictive"),
    realtimeShare: share(st, (s) => s.mode === "realtime"),
    idleShare: share(st, (s) => s.mode === "idle"),
    movementShare: share(cmds, (c) => c.movement),
  };
}

/** VR sample time to command publish: command.t - command.vrT, ms. */
export function vrToCommand(commands: readonly CommandRow[], w: Window): Summary {
  return summarizeFinite(
    commands.filter((c) => c.t >= w.from && c.t <= w.to && c.vrT !== null).map((c) => c.t - c.vrT!),
  );
}

export interface VrToCommandSplit {
  /** From the VR sample's arrival to the control tick that used it: waiting for the tick. */
  samplingMs: Summary;
  /** From that tick (the command's t) to the command's arrival here: processing plus one bus hop. */
  tickToArrivalMs: Summary;
}

/** VR->command latency split at the tick: the sampling delay apart from the processing. */
export function vrToCommandSplit(
  commands: readonly CommandRow[],
  vrArrival: ReadonlyMap<number, number>,
  w: Window,
): VrToCommandSplit {
  const used = commands.filter((c) => c.t >= w.from && c.t <= w.to && c.vrT !== null);
  return {
    samplingMs: summarizeFinite(
      used.map((c) => {
        const arrived = vrArrival.get(c.vrT!);
        return arrived === undefined ? Number.NaN : c.t - arrived;
      }),
    ),
    tickToArrivalMs: summarizeFinite(used.map((c) => c.arrival - c.t)),
  };
}

export interface HopFigures {
  /** Half the ping-pong round trip, ms. */
  hopMs: Summary;
  forwardMs: Summary;
  backMs: Summary;
  rttMs: Summary;
}

export function hopFigures(samples: readonly HopSample[]): HopFigures {
  return {
    hopMs: summarizeFinite(samples.map((s) => s.rttMs / 2)),
    forwardMs: summarizeFinite(samples.map((s) => s.forwardMs)),
    backMs: summarizeFinite(samples.map((s) => s.backMs)),
    rttMs: summarizeFinite(samples.map((s) => s.rttMs)),
  };
}

export interface RobotFigures {
  states: number;
  hz: number;
  rttMs: Summary;
  /** Longest time without a robot state in the window (a stall shows here). */
  maxGapMs: number;
  /** When that silence began, seconds into the window. */
  maxGapStartS: number;
}

export function robotFigures(states: readonly StateRow[], w: Window): RobotFigures {
  const inW = states.filter((s) => s.arrival >= w.from && s.arrival <= w.to);
  const arrivals = inW.map((s) => s.arrival).sort((a, b) => a - b);
  const bounds = [w.from, ...arrivals, w.to];
  let maxGap = 0;
  let maxGapStart = w.from;
  for (let i = 1; i < bounds.length; i++) {
    const gap = bounds[i]! - bounds[i - 1]!;
    if (gap > maxGap) {
      maxGap = gap;
      maxGapStart = bounds[i - 1]!;
    }
  }
  const spanS = (w.to - w.from) / 1000;
  return {
    states: inW.length,
    hz: spanS > 0 ? inW.length / spanS : 0,
    rttMs: summarizeFinite(inW.map((s) => s.rttMs ?? Number.NaN)),
    maxGapMs: maxGap,
    maxGapStartS: (maxGapStart - w.from) / 1000,
  };
}

export function vrFigures(vrTimes: readonly number[], w: Window, periodMs: number): PeriodStats {
  return periodStats(within(vrTimes, w.from, w.to), periodMs);
}
