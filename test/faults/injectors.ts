/**
 * The faults themselves: each injects one failure into a running stack and
 * says when inputs were missing or invalid and when the fault was over.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { WebXrFrameMsg } from "../../services/vr-ingest/src/sources/webxr/validateFrame";
import { waitFor } from "../support/bus";
import {
  BAD_KINDS,
  type BadKind,
  badPayloads,
  HAND_EXAMPLE,
  type Target,
  targets,
} from "./badInput";
import type { FaultContext, Injection } from "./runFault";
import type { ServiceName } from "./Stack";

/** kill -9, then start it again at once, as a supervisor (compose `restart:`) would. */
export async function killAndRestart(
  { stack }: FaultContext,
  name: ServiceName,
): Promise<Injection> {
  const from = now();
  await stack.kill(name);
  const restartAt = now();
  let interruptedFile: string | undefined;
  if (name === "recorder") {
    const failure = join(stack.recordingsDir, "failure");
    interruptedFile = existsSync(failure)
      ? readdirSync(failure)
          .filter((f) => f.endsWith(".mcap"))
          .map((f) => join(failure, f))[0]
      : undefined;
  }
  await stack.launch(name);
  const readyAt = now();
  const notes = [`down ${Math.round(readyAt - from)} ms (kill to ready)`];
  if (name === "recorder") {
    // The operator's next A press; the unfinished file was recovered at start.
    const r = await stack.recorder("Start");
    if (!r.ok) notes.push(`new episode did not start: ${r.error}`);
  }
  return { window: { from, to: readyAt }, endedAt: restartAt, interruptedFile, notes };
}

/** The nats-server stops for `downMs`, then starts again on the same port with the same store. */
export async function natsOutage({ stack }: FaultContext, downMs: number): Promise<Injection> {
  const from = now();
  await stack.nats.stop();
  await Bun.sleep(downMs);
  await stack.nats.restart();
  const endedAt = now();
  return {
    window: { from, to: endedAt },
    endedAt,
    notes: [`server down ${Math.round(endedAt - from)} ms`],
  };
}

/**
 * Waits for the robot fault the sim backend was started with (SIM_FAULT, by
 * backend call number) to show as a robot.error event (an error, a dropped
 * connection, or a call past ROBOT_TIMEOUT_MS), then for the next robot state.
 * The window runs from the last state before the failure to the first one
 * after it; recovery counts from its start, so it is the outage's length.
 */
export async function robotFault({ stack }: FaultContext): Promise<Injection> {
  const w = stack.watch;
  const since = now();
  const errorAt = () => w.eventsOf(EventType.robotError).find((e) => e.at >= since)?.at;
  if (!(await waitFor(() => errorAt() !== undefined, 40_000, 50))) {
    throw new Error("the injected robot fault never showed (no robot.error event)");
  }
  const failedAt = errorAt()!;
  const next = () => w.robotStates.find((s) => s.at > failedAt)?.at;
  await waitFor(() => next() !== undefined, 15_000, 20);
  const last = w.robotStates.filter((s) => s.at <= failedAt).pop()?.at ?? failedAt;
  const to = next() ?? now();
  const errors = w.eventsOf(EventType.robotError).filter((e) => e.at >= since).length;
  return {
    window: { from: last, to },
    // Strictly after the last good state: the next one ends the outage.
    endedAt: last + 0.001,
    notes: [
      `robot state silent ${Math.round(to - last)} ms`,
      `${errors} robot.error event${errors === 1 ? "" : "s"}`,
    ],
  };
}

/** The headset stand-in goes silent (socket open) or loses tracking for `ms`. */
export async function headsetMode(
  { headset }: FaultContext,
  mode: "silent" | "untracked",
  ms: number,
): Promise<Injection> {
  if (!headset) throw new Error("no headset stand-in in this stack");
  const from = now();
  headset.mode = mode;
  await Bun.sleep(ms);
  headset.mode = "tracking";
  const endedAt = now();
  return { window: { from, to: endedAt }, endedAt };
}

/** Publish in bursts with short pauses, so a burst of thousands stays one bounded stretch. */
async function publishAll(
  ctx: FaultContext,
  subject: string,
  payloads: Uint8Array[],
): Promise<void> {
  const nc = ctx.stack.bus.nc;
  for (let i = 0; i < payloads.length; i++) {
    nc.publish(subject, payloads[i]!);
    if (i % 200 === 199) await Bun.sleep(5);
  }
  await nc.flush();
}

/** Bad payloads of the given kinds on every subject a service reads. */
export async function badInputOnSubjects(
  ctx: FaultContext,
  kinds: readonly BadKind[],
): Promise<Injection> {
  const from = now();
  let sent = 0;
  for (const target of targets(ctx.stack.bus.subjects, now())) {
    for (const kind of kinds) {
      const payloads = badPayloads(kind, target, sent + 1);
      await publishAll(ctx, target.subject, payloads);
      sent += payloads.length;
    }
  }
  await Bun.sleep(300);
  const endedAt = now();
  return {
    window: { from, to: endedAt },
    endedAt,
    notes: [
      `${sent} bad messages (${kinds.join(", ")}) on ${targets(ctx.stack.bus.subjects, 0).length} subjects`,
    ],
  };
}

export const TEN_MB = 10 * 1024 * 1024;
/** Under the server's 1 MB max_payload, far over what any service decodes (64 KiB). */
export const NEAR_MAX = 900 * 1024;

/**
 * 10 MB on every subject (the server's max_payload refuses it and the
 * publisher is told), then 900 kB ones that do reach the services.
 */
export async function hugePayloads(ctx: FaultContext): Promise<Injection> {
  const from = now();
  const nc = ctx.stack.bus.nc;
  const subjects = targets(ctx.stack.bus.subjects, 0).map((t) => t.subject);
  let refused = 0;
  for (const s of subjects) {
    try {
      nc.publish(s, new Uint8Array(TEN_MB).fill(0xc1));
    } catch (err) {
      if (/max_payload/i.test((err as Error).message)) refused++;
    }
  }
  for (const s of subjects) nc.publish(s, new Uint8Array(NEAR_MAX).fill(0xc1));
  await nc.flush();
  await Bun.sleep(300);
  const endedAt = now();
  return {
    window: { from, to: endedAt },
    endedAt,
    facts: { refused, tried: subjects.length },
    notes: [
      `10 MB refused by max_payload on ${refused} of ${subjects.length} subjects`,
      `900 kB delivered on ${subjects.length} subjects`,
    ],
  };
}

export const FLOOD_RATE = 10_000;

/** `perSubjectMs` of bad messages at FLOOD_RATE per second on each subject in turn. */
export async function flood(ctx: FaultContext, perSubjectMs: number): Promise<Injection> {
  const nc = ctx.stack.bus.nc;
  const from = now();
  let sent = 0;
  const batch = FLOOD_RATE / 100;
  for (const target of targets(ctx.stack.bus.subjects, now())) {
    const payloads = BAD_KINDS.flatMap((k) => badPayloads(k, target, 3));
    const start = now();
    let n = 0;
    while (now() - start < perSubjectMs) {
      // Keep to the schedule: as many as are due by now, 10 ms at a time.
      const due = Math.floor(((now() - start) / 1000) * FLOOD_RATE) + batch;
      while (n < due) nc.publish(target.subject, payloads[n++ % payloads.length]!);
      await Bun.sleep(10);
    }
    sent += n;
  }
  await nc.flush();
  const endedAt = now();
  const rate = sent / ((endedAt - from) / 1000);
  return {
    window: { from, to: endedAt },
    endedAt,
    facts: { rate },
    notes: [`${sent} messages at ${Math.round(rate)} msg/s over ${Math.round(endedAt - from)} ms`],
  };
}

/** A frame target for the WebXR socket: the page's own frame shape. */
export function webxrTarget(t: number): Target {
  return { subject: "webxr socket", type: WebXrFrameMsg, valid: { t, right: HAND_EXAMPLE } };
}

/**
 * Bad frames down the driving headset's socket, under the abuse limit
 * (`perSecond` a second), mixed with its good frames.
 */
export async function badWebxrFrames(
  ctx: FaultContext,
  perSecond: number,
  ms: number,
): Promise<Injection> {
  const headset = ctx.headset!;
  const target = webxrTarget(now());
  const payloads: (Uint8Array | string)[] = [
    ...BAD_KINDS.flatMap((k) => badPayloads(k, target, 5)),
    "not a hello",
    JSON.stringify({ type: "frame" }),
  ];
  const from = now();
  let i = 0;
  while (now() - from < ms) {
    headset.sendRaw(payloads[i++ % payloads.length]!);
    await Bun.sleep(1000 / perSecond);
  }
  await Bun.sleep(300);
  const endedAt = now();
  return { window: { from, to: endedAt }, endedAt, notes: [`${i} bad frames at ${perSecond}/s`] };
}

/** A 10 MB frame, then a flood of bad frames: each gets the socket closed; the headset reconnects. */
export async function webxrAbuse(ctx: FaultContext, floodMs: number): Promise<Injection> {
  const headset = ctx.headset!;
  const target = webxrTarget(now());
  const payloads = BAD_KINDS.flatMap((k) => badPayloads(k, target, 9));
  const from = now();
  const closesBefore = headset.closes.length;
  headset.sendRaw(new Uint8Array(TEN_MB).fill(0xc1));
  await waitFor(() => headset.closes.length > closesBefore && headset.connected, 5000, 20);
  const floodFrom = now();
  let sent = 0;
  while (now() - floodFrom < floodMs) {
    for (let k = 0; k < FLOOD_RATE / 100; k++) {
      if (!headset.sendRaw(payloads[sent % payloads.length]!)) break;
      sent++;
    }
    await Bun.sleep(10);
  }
  const endedAt = now();
  return {
    window: { from, to: endedAt },
    endedAt,
    notes: [
      `closes: ${headset.closes.slice(closesBefore).join(", ")}`,
      `${sent} flood frames sent before the socket closed`,
    ],
  };
}
