/**
 * One fault run, the same for every fault: start the stack, start a
 * recording, wait until the arm is being driven, inject, wait until the
 * affected streams flow again, save the recording, read it back, check every
 * service is alive and still publishing health, stop, and measure.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import { now } from "@teleop/shared/clock";
import { DEFAULT_GAINS, RECORD_HZ, VR_TIMEOUT_MS } from "@teleop/shared/control";
import type { RobotCommand } from "@teleop/shared/messages";
import { parseRealtime } from "@teleop/shared/realtime";
import { waitFor } from "../support/bus";
import { FakeHeadset } from "./FakeHeadset";
import {
  appliedAfterDeadline,
  armShift,
  commandedMotion,
  firstAfter,
  holes,
  type Motion,
  type Stall,
  stallTicks,
  ticksLost,
  type Window,
} from "./measure";
import { recordingTicks } from "./recordingTicks";
import { PAIRING_CODE, SCENARIO_DIR, SERVICES, Stack, type StackOptions } from "./Stack";
import { StallProbes } from "./StallProbes";

export const TICK_MS = 1000 / RECORD_HZ;
const CONTROL_PERIOD_MS = 1000 / DEFAULT_GAINS.hz;
/**
 * Commands made this soon after inputs went missing may still move: the
 * controller lets go once the newest VR message is older than VR_TIMEOUT_MS,
 * judged at its next tick.
 */
export const GRACE_MS = VR_TIMEOUT_MS + 2 * CONTROL_PERIOD_MS;
/**
 * The fault comes once every command of this long has had movement enabled:
 * longer than the scenarios' first clutch (the calibrating grip press, about
 * 1 s), so the fault finds the operator in the long drive, not letting go.
 */
const DRIVEN_MS = 1500;
/** Recovery waits at most this long for the streams to flow again. */
const RECOVERY_TIMEOUT_MS = 20_000;
/** The recording keeps going this long after recovery, so the file shows the stack running again. */
const TAIL_MS = 1500;

export type Stream = "command" | "robotState" | "vrState" | "frame";

/**
 * What the suite expects of motion during the fault:
 * - still: no command with movement enabled once the grace period is over;
 * - targetUnchanged: the hand is still and engaged, so the target must not move at all
 *   (bad input getting through would move it);
 * - predictive: the robot side failed; the controller predicts from its last target
 *   by design (REFERENCE section 4), so motion is reported, not refused;
 * - drives: the inputs are intact (the recorder failed) and the arm keeps following.
 */
export type MotionRule = "still" | "targetUnchanged" | "predictive" | "drives";

export interface Injection {
  /** When inputs were missing or invalid (epoch ms). */
  window: Window;
  /** When the fault was over: recovery is measured from here. */
  endedAt: number;
  /** A recording finished by the fault (recorder kill: the recovered file). */
  interruptedFile?: string;
  /** Figures a fault's own checks need (refused publishes, achieved flood rate, ...). */
  facts?: Record<string, number>;
  notes?: string[];
}

export interface FaultContext {
  stack: Stack;
  headset: FakeHeadset | undefined;
}

export interface FaultDef {
  name: string;
  slug: string;
  stack: Omit<StackOptions, "name">;
  motion: MotionRule;
  /** Streams that must flow again; recovery is the slowest one's first message after the fault. */
  recoverOn: Stream[];
  inject(ctx: FaultContext): Promise<Injection>;
}

/** An interval that skipped ticks; `at` relative to the fault's start, ms. */
export interface Hole {
  at: number;
  ms: number;
}

export interface RecordingCheck {
  path: string;
  valid: boolean;
  errors: string[];
  recovered: boolean;
  frames: number;
  /** Records the recorder dropped because its write buffer was full (null: unknown, recovered file). */
  dropped: number | null;
  /** Ticks missing from the file. */
  ticksLost: number;
  /** Of those, ticks lost while a stall probe saw the machine stop (StallProbes). */
  machineTicks: number;
  /** Longest interval between ticks, ms. */
  longestGapMs: number;
  /** Intervals that skipped ticks, `at` relative to the fault's start (ms). */
  holes: Hole[];
  firstTick: number | null;
  lastTick: number | null;
}

export interface FaultResult {
  name: string;
  slug: string;
  motionRule: MotionRule;
  window: Window;
  endedAt: number;
  /** Something stopped and had to flow again (false for bad input). */
  needsRecovery: boolean;
  /** null: it never flowed again (or nothing needed to). */
  recoveryMs: number | null;
  motion: Motion;
  armShiftM: number;
  lateApplied: number;
  recordings: RecordingCheck[];
  /** Ticks missing in the documented gap (recorder kill: between the files). */
  gapTicks: number;
  framesLost: number;
  /** Of framesLost, those lost while a stall probe saw the machine stop. */
  machineTicks: number;
  /** What the stall probes saw, `at` relative to the fault's start (none: no probes ran). */
  stalls: Hole[];
  alive: Record<string, boolean>;
  /** Age of each service's newest health at the end, ms (null: none since the fault). */
  healthAgeMs: Record<string, number | null>;
  countersBefore: Record<string, Record<string, number>>;
  countersAfter: Record<string, Record<string, number>>;
  exitCodes: Record<string, number>;
  facts: Record<string, number>;
  notes: string[];
}

function counters(stack: Stack): Record<string, Record<string, number>> {
  return Object.fromEntries(
    SERVICES.map((s) => [s, { ...(stack.watch.latestHealth(s)?.msg.counters ?? {}) }]),
  );
}

/** A recording read back: verified, its ticks counted. */
async function checkRecording(
  path: string,
  faultAt: number,
  stalls: readonly Stall[],
): Promise<RecordingCheck> {
  const report = await verifyFile(path);
  const ticks = await recordingTicks(path);
  const all = holes(ticks, TICK_MS);
  return {
    path,
    valid: report.valid,
    errors: report.errors,
    recovered: report.recovered,
    frames: report.frames,
    dropped: report.dropped,
    ticksLost: ticksLost(ticks, TICK_MS),
    machineTicks: all.reduce((n, h) => n + stallTicks(h, stalls, TICK_MS), 0),
    longestGapMs: Math.max(
      ...ticks
        .slice(1)
        .map((t, i) => t - ticks[i]!)
        .filter((d) => d <= 1.5 * TICK_MS),
      ...all.map((h) => h.ms),
      0,
    ),
    holes: all.map((h) => ({
      at: Math.round(h.at - faultAt),
      ms: Math.round(h.ms),
    })),
    firstTick: ticks[0] ?? null,
    lastTick: ticks[ticks.length - 1] ?? null,
  };
}

function streamTimes(stack: Stack, s: Stream, recordingTicks: number[]): number[] {
  const w = stack.watch;
  if (s === "command") return w.commands.map((a) => a.msg.t);
  if (s === "robotState") return w.robotStates.map((a) => a.at);
  if (s === "vrState") return w.vrStates.map((a) => a.msg.t);
  return recordingTicks;
}

/** Every command made in the last `ms` (and there were some) had movement enabled. */
function movingBefore(commands: readonly RobotCommand[], at: number): string {
  const before = commands.filter((c) => c.t < at && c.t >= at - 1000);
  return `${before.filter((c) => c.movement).length} of ${before.length}`;
}

function drivenFor(commands: readonly { msg: RobotCommand }[], ms: number): boolean {
  const last = commands[commands.length - 1]?.msg.t;
  if (last === undefined) return false;
  const recent = commands.filter((c) => c.msg.t > last - ms);
  const first = commands.find((c) => c.msg.movement);
  return first !== undefined && last - first.msg.t >= ms && recent.every((c) => c.msg.movement);
}

/**
 * When the arm was driven again once the inputs were back (end of the
 * window): the restarted scripted operator first calibrates and clutches in
 * again, while a headset that resumes still holds the grip.
 */
function drivingAgain(commands: readonly RobotCommand[], after: number): string {
  const first = commands.find((c) => c.movement && c.t >= after);
  return first
    ? `driving again ${((first.t - after) / 1000).toFixed(2)} s after the inputs were back`
    : "not driven again before the recording ended";
}

/** Probes run beside a recorder at real-time priority: only then is its lateness its own. */
async function startProbes(def: FaultDef): Promise<StallProbes | undefined> {
  const text = def.stack.env?.recorder?.REALTIME;
  const policy = text ? parseRealtime(text) : undefined;
  return policy?.kind === "fifo" || policy?.kind === "rr" ? StallProbes.start(policy) : undefined;
}

export async function runFault(def: FaultDef): Promise<FaultResult> {
  const probes = await startProbes(def);
  let stack: Stack;
  try {
    stack = await Stack.start({ name: def.slug, ...def.stack });
  } catch (err) {
    await probes?.stop();
    throw err;
  }
  let headset: FakeHeadset | undefined;
  try {
    if (def.stack.vr === "webxr") {
      headset = new FakeHeadset(
        stack.webxrPort,
        join(SCENARIO_DIR, def.stack.scenario),
        PAIRING_CODE,
      );
      if (!(await waitFor(() => headset!.connected, 10_000))) {
        throw new Error(
          `the headset stand-in was not admitted: ${JSON.stringify(headset.received)}`,
        );
      }
    }
    const started = await stack.recorder("Start");
    if (!started.ok) throw new Error(`recording did not start: ${started.error}`);
    // The scenario calibrates and lets go once before it clutches in for good.
    const driven = await waitFor(() => drivenFor(stack.watch.commands, DRIVEN_MS), 30_000, 50);
    if (!driven) throw new Error(`the arm was not driven for ${DRIVEN_MS} ms in a row`);
    const before = counters(stack);

    const inj = await def.inject({ stack, headset });

    const recovered = () =>
      def.recoverOn.every((s) =>
        s === "frame" ? true : firstAfter(streamTimes(stack, s, []), inj.endedAt) !== null,
      );
    await waitFor(recovered, RECOVERY_TIMEOUT_MS, 50);
    await Bun.sleep(TAIL_MS);
    const saved = await stack.recorder("Save", { success: true });
    // Health of every service published after the tail began.
    const healthFrom = now();
    await waitFor(
      () => SERVICES.every((s) => (stack.watch.latestHealth(s)?.at ?? 0) > healthFrom),
      3000,
      50,
    );
    const end = now();
    const alive = Object.fromEntries(SERVICES.map((s) => [s, stack.alive(s)]));
    const healthAgeMs = Object.fromEntries(
      SERVICES.map((s) => {
        const h = stack.watch.latestHealth(s);
        return [s, h && h.at >= inj.endedAt ? Math.round(end - h.at) : null];
      }),
    );
    const after = counters(stack);
    const stalls = (await probes?.stop()) ?? [];

    const recordings: RecordingCheck[] = [];
    if (inj.interruptedFile)
      recordings.push(await checkRecording(inj.interruptedFile, inj.window.from, stalls));
    if (saved.ok && saved.path) {
      recordings.push(await checkRecording(saved.path, inj.window.from, stalls));
    }
    const current = recordings[recordings.length - 1];
    const ticks = current && saved.path ? await recordingTicks(saved.path) : [];

    // Nothing stopped (bad input): no recovery to measure.
    const recoveryMs = def.recoverOn.length
      ? Math.max(
          ...def.recoverOn.map(
            (s) => firstAfter(streamTimes(stack, s, ticks), inj.endedAt) ?? Infinity,
          ),
        )
      : null;
    const interrupted = inj.interruptedFile ? recordings[0] : undefined;
    const betweenFiles =
      interrupted?.lastTick != null && current?.firstTick != null
        ? Math.max(0, Math.round((current.firstTick - interrupted.lastTick) / TICK_MS) - 1)
        : 0;
    const gapTicks = betweenFiles;
    const grace = def.motion === "targetUnchanged" ? 0 : GRACE_MS;
    const judged = { from: inj.window.from + grace, to: inj.window.to };
    const commands = stack.watch.commands.map((c) => c.msg);
    const states = stack.watch.robotStates.map((s) => s.msg);
    const exitCodes = await stack.stop();
    headset?.close();
    headset = undefined;
    return {
      name: def.name,
      slug: def.slug,
      motionRule: def.motion,
      window: inj.window,
      endedAt: inj.endedAt,
      needsRecovery: def.recoverOn.length > 0,
      recoveryMs:
        recoveryMs !== null && Number.isFinite(recoveryMs) ? Math.round(recoveryMs) : null,
      motion: commandedMotion(commands, judged),
      armShiftM: armShift(states, judged),
      lateApplied: appliedAfterDeadline(states, commands).length,
      recordings,
      gapTicks,
      framesLost: gapTicks + recordings.reduce((n, r) => n + r.ticksLost, 0),
      machineTicks: recordings.reduce((n, r) => n + r.machineTicks, 0),
      stalls: stalls.map((s) => ({ at: Math.round(s.at - inj.window.from), ms: Math.round(s.ms) })),
      alive,
      healthAgeMs,
      countersBefore: before,
      countersAfter: after,
      exitCodes,
      facts: inj.facts ?? {},
      notes: [
        `${movingBefore(commands, inj.window.from)} commands moving in the second before`,
        ...(inj.notes ?? []),
        drivingAgain(commands, inj.window.to),
        ...(interrupted
          ? [
              `interrupted file recovered (${interrupted.frames} frames, the last ${Math.round(inj.window.from - (interrupted.lastTick ?? 0))} ms before the kill)`,
            ]
          : []),
        ...(saved.ok ? [] : [`save failed: ${saved.error}`]),
      ],
    };
  } catch (err) {
    headset?.close();
    await stack.stop().catch(() => undefined);
    await probes?.stop();
    throw err;
  }
}

/** Where a full run collects its rows (set by run.ts); unset in `make test`. */
export function saveRow(r: FaultResult): void {
  const dir = process.env.FAULTS_RESULTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${String(readdirSync(dir).length).padStart(2, "0")}-${r.slug}.json`),
    `${JSON.stringify(r, null, 2)}\n`,
  );
}
