/**
 * What a fault run is judged by, as pure functions over what the bus carried
 * and the recording held: motion while inputs were missing or invalid, time
 * to the first good message after a fault, ticks missing from a recording,
 * and commands the bridge applied after their deadline.
 */
import { norm, sub, type Vec3 } from "@teleop/shared/math";
import type { RobotCommand, RobotState } from "@teleop/shared/messages";

export interface Window {
  /** Epoch ms. */
  from: number;
  to: number;
}

export interface Motion {
  /** Commands made in the window with movement enabled. */
  movingCommands: number;
  /** Farthest any commanded target in the window is from the first one, metres. */
  targetShiftM: number;
}

const inWindow = (t: number, w: Window) => t >= w.from && t <= w.to;

/** Farthest distance of any position from the first one (0 for fewer than two). */
export function maxShift(positions: readonly Vec3[]): number {
  const first = positions[0];
  if (!first) return 0;
  return Math.max(0, ...positions.map((p) => norm(sub(p, first))));
}

/** Motion the controller commanded in a window, judged by each command's own time. */
export function commandedMotion(commands: readonly RobotCommand[], w: Window): Motion {
  const inside = commands.filter((c) => inWindow(c.t, w));
  return {
    movingCommands: inside.filter((c) => c.movement).length,
    targetShiftM: maxShift(inside.map((c) => c.target.position)),
  };
}

/** How far the measured arm moved in a window, metres. */
export function armShift(states: readonly RobotState[], w: Window): number {
  return maxShift(states.filter((s) => inWindow(s.t, w)).map((s) => s.pose.position));
}

/** Milliseconds from `after` to the first time at or past it, or null when none came. */
export function firstAfter(times: readonly number[], after: number): number | null {
  let best: number | null = null;
  for (const t of times) if (t >= after && (best === null || t < best)) best = t;
  return best === null ? null : best - after;
}

/**
 * Ticks missing from a recording at `periodMs`: every interval between
 * consecutive tick times counts the whole periods it skipped. A loop that
 * ran late but did not skip a slot (an interval under 1.5 periods) loses none.
 */
export function ticksLost(tickTimesMs: readonly number[], periodMs: number): number {
  let lost = 0;
  for (let i = 1; i < tickTimesMs.length; i++) {
    const periods = Math.round((tickTimesMs[i]! - tickTimesMs[i - 1]!) / periodMs);
    lost += Math.max(0, periods - 1);
  }
  return lost;
}

/** Intervals that skipped at least one tick: where they start and how long they are, ms. */
export function holes(
  tickTimesMs: readonly number[],
  periodMs: number,
): { at: number; ms: number }[] {
  const out: { at: number; ms: number }[] = [];
  for (let i = 1; i < tickTimesMs.length; i++) {
    const ms = tickTimesMs[i]! - tickTimesMs[i - 1]!;
    if (Math.round(ms / periodMs) > 1) out.push({ at: tickTimesMs[i - 1]!, ms });
  }
  return out;
}

/** A time the machine did not run a waiting real-time thread: from `at` (epoch ms) for `ms`. */
export interface Stall {
  at: number;
  ms: number;
}

/**
 * Ticks of a hole (from tick `at`, `ms` long) that a stall explains: those the
 * hole would not have lost without the stall's overlap with it. A 45 ms hole
 * with a 31 ms stall in it loses its one tick to the machine; a 75 ms hole
 * with a 20 ms stall in it loses one of its two.
 */
export function stallTicks(
  hole: { at: number; ms: number },
  stalls: readonly Stall[],
  periodMs: number,
): number {
  const lost = (ms: number) => Math.max(0, Math.round(ms / periodMs) - 1);
  const end = hole.at + hole.ms;
  const overlap = stalls.reduce(
    (most, s) => Math.max(most, Math.min(end, s.at + s.ms) - Math.max(hole.at, s.at)),
    0,
  );
  return lost(hole.ms) - lost(hole.ms - overlap);
}

/**
 * States the bridge published for a command it sent after that command's
 * deadline. The request went out `rttMs` before the reply came back, and the
 * measurement `t` is taken before the reply, so `t - rttMs` is no later than
 * the send time: a value past the deadline is certainly a late send. A
 * restarted controller counts seq from 0 again, so a state is matched with the
 * newest command of its seq made before it.
 */
export function appliedAfterDeadline(
  states: readonly RobotState[],
  commands: readonly RobotCommand[],
): RobotState[] {
  const bySeq = new Map<number, RobotCommand[]>();
  for (const c of commands) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
  return states.filter((s) => {
    if (s.commandSeq === null || s.rttMs === null) return false;
    const made = (bySeq.get(s.commandSeq) ?? []).filter((c) => c.t <= s.t);
    const c = made.sort((a, b) => b.t - a.t)[0];
    return c !== undefined && !c.reset && s.t - s.rttMs > c.deadline;
  });
}
