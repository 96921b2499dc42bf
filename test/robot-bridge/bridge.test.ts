/**
 * robot-bridge as a process over a real nats-server, `sim` backend with the
 * seed's latency (3 steps of 50 ms): commands at 40 Hz, states at about
 * 6.6 Hz, each applied command the newest available, late and clutch-released
 * commands not applied, polling with no commands, the home procedure.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { now } from "@teleop/shared/clock";
import { encode } from "@teleop/shared/codec";
import { EventType } from "@teleop/shared/events";
import {
  FR3_JOINT_MAX,
  FR3_JOINT_MIN,
  FR3_RESET_JOINTS,
  fr3ForwardKinematics,
} from "@teleop/shared/fr3";
import { FixedRateLoop } from "@teleop/shared/loop";
import type { Pose } from "@teleop/shared/math";
import {
  EventMsg,
  HealthMsg,
  type RobotState,
  RobotStateMsg,
  type TeleopEvent,
} from "@teleop/shared/messages";
import { waitFor } from "../support/bus";
import { useNatsBus } from "../support/natsBus";
import type { ServiceProcess } from "../support/serviceProcess";
import { command, offset } from "./commands";

const HOME = fr3ForwardKinematics(FR3_RESET_JOINTS);

interface Received {
  state: RobotState;
  at: number;
}

const io = useNatsBus();
let bridge: ServiceProcess;
const states: Received[] = [];
const events: TeleopEvent[] = [];
let seq = 0;

const distance = (a: Pose, b: Pose) => Math.hypot(...a.position.map((x, i) => x - b.position[i]!));

/** Publish commands from `make` at 40 Hz for `ms`; returns publish time by seq. */
async function publishFor(ms: number, make: (seq: number) => ReturnType<typeof command>) {
  const sent = new Map<number, number>();
  const loop = new FixedRateLoop({
    name: "test-commands",
    hz: 40,
    onTick: () => {
      const c = make(seq++);
      io.bus.publish(io.bus.subjects.robotCommand, c);
      sent.set(c.seq, now());
    },
  });
  loop.start();
  await Bun.sleep(ms);
  await loop.stop();
  return sent;
}

const since = (t: number) => states.filter((s) => s.at >= t);

beforeAll(async () => {
  io.bus.subscribe(io.bus.subjects.robotState, RobotStateMsg, (state) => {
    states.push({ state, at: now() });
  });
  io.bus.subscribe(io.bus.subjects.events, EventMsg, (e) => {
    if (e.service === "robot-bridge") events.push(e);
  });
  await io.bus.flush();
  bridge = io.launch("robot-bridge", {
    env: {
      ROBOT_BACKEND: "sim",
      SIM_STEPS: "3",
      SIM_STEP_MS: "50",
      STATE_POLL_HZ: "10",
    },
  });
  await bridge.waitForLog(/ready/);
});

io.onClose(async () => {
  expect(await bridge.stop()).toBe(0);
});

describe("robot-bridge with the sim backend at 150 ms", () => {
  test("states keep flowing with no commands (polls, commandSeq null, fresh t)", async () => {
    await waitFor(() => states.length > 0, 3000);
    const start = now();
    await Bun.sleep(1500);
    const polled = since(start);
    // 10 Hz polls of a 50 ms read: about 10 states/s; loose bound for a shared machine.
    expect(polled.length).toBeGreaterThanOrEqual(5);
    for (const r of polled) {
      expect(r.state.commandSeq).toBeNull();
      expect(r.state.backend).toBe("sim");
      expect(r.at - r.state.t).toBeLessThan(500);
    }
    expect(distance(polled.at(-1)!.state.pose, HOME)).toBeLessThan(1e-6);
  }, 10_000);

  test("commands at 40 Hz: states at ~6.6 Hz, each applying the newest command available", async () => {
    const target = offset(HOME, 0.05, 0.03, 0.04);
    const start = now();
    const sent = await publishFor(3000, (s) => command(s, target));
    const end = now();
    await Bun.sleep(300);
    const got = states.filter((r) => r.at >= start && r.at <= end + 200);
    const applied = got.filter((r) => r.state.commandSeq !== null);
    const hz = (applied.length * 1000) / (end - start);
    expect(hz).toBeGreaterThan(4);
    expect(hz).toBeLessThan(8);
    const rtts = applied.map((r) => r.state.rttMs!).sort((a, b) => a - b);
    const median = rtts[Math.floor(rtts.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(149);
    expect(median).toBeLessThan(300);

    const sentTimes = [...sent.entries()];
    const newestBefore = (t: number) =>
      sentTimes.filter(([, at]) => at <= t).reduce((m, [s]) => Math.max(m, s), -1);
    let checked = 0;
    for (let i = 1; i < got.length; i++) {
      const prev = got[i - 1]!;
      const cur = got[i]!;
      if (cur.state.commandSeq === null || prev.state.commandSeq === null) continue;
      // Taken when `prev` was published: not newer than what existed then (plus 10 ms for
      // the state's trip to this test), and not older than what was published ~3 commands
      // before (delivery delays both ways).
      const s = cur.state.commandSeq;
      expect(s).toBeLessThanOrEqual(newestBefore(prev.at + 10));
      expect(s).toBeGreaterThanOrEqual(newestBefore(prev.at - 75));
      expect(s).toBeGreaterThan(prev.state.commandSeq);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    // A queue would apply consecutive seqs; keep-latest skips about 6 per round trip.
    const seqs = applied.map((r) => r.state.commandSeq!);
    const meanGap = (seqs.at(-1)! - seqs[0]!) / (seqs.length - 1);
    expect(meanGap).toBeGreaterThan(4);
    // The arm reached the target, inside its joint limits all the way.
    expect(distance(applied.at(-1)!.state.pose, target)).toBeLessThan(0.001);
    for (const r of got) {
      r.state.joints!.position.forEach((q, j) => {
        expect(q).toBeGreaterThanOrEqual(FR3_JOINT_MIN[j]!);
        expect(q).toBeLessThanOrEqual(FR3_JOINT_MAX[j]!);
      });
    }
  }, 15_000);

  test("late commands and clutch-released commands are not applied; the arm holds", async () => {
    const before = states.at(-1)!.state.pose;
    const far = offset(HOME, -0.1, -0.1, 0.1);
    const start = now();
    const late = await publishFor(700, (s) => command(s, far, { deadline: now() - 1 }));
    const idle = await publishFor(700, (s) => command(s, far, { movement: false }));
    await Bun.sleep(200);
    const got = since(start);
    expect(got.length).toBeGreaterThanOrEqual(4);
    for (const r of got) {
      expect(r.state.commandSeq).toBeNull();
      expect(distance(r.state.pose, before)).toBeLessThan(1e-6);
    }
    expect(late.size + idle.size).toBeGreaterThan(30);
    const health = io.bus.latest(io.bus.subjects.health("robot-bridge"), HealthMsg);
    await io.bus.flush();
    expect(
      await waitFor(
        // Late commands overwritten during a poll count as superseded instead.
        () => (health.value?.counters["commandsDropped.late"] ?? 0) >= late.size / 3,
        3000,
      ),
    ).toBe(true);
    expect(health.value!.counters.commandsWithoutMovement).toBeGreaterThan(0);
    expect(health.value!.detail?.backend).toBe("sim");
  }, 10_000);

  test("malformed commands are counted and rejected; the bridge keeps running", async () => {
    io.bus.nc.publish(io.bus.subjects.robotCommand, new Uint8Array([0xc1, 0x00]));
    io.bus.publish(io.bus.subjects.robotCommand, {
      ...command(seq++, HOME),
      target: { position: [Number.NaN, 0, 0], orientation: [0, 0, 0, 1] },
    });
    io.bus.nc.publish(io.bus.subjects.robotCommand, encode({ v: 1, seq: 1 }));
    const health = io.bus.latest(io.bus.subjects.health("robot-bridge"), HealthMsg);
    expect(await waitFor(() => (health.value?.counters.commandsRejected ?? 0) >= 3, 3000)).toBe(
      true,
    );
    const n = states.length;
    expect(await waitFor(() => states.length > n + 2, 2000)).toBe(true);
  }, 10_000);

  test("reset runs the home procedure and blocks other commands until it ends", async () => {
    // Move away from home first.
    const away = offset(HOME, 0.08, -0.08, 0.08);
    await publishFor(1000, (s) => command(s, away));
    await Bun.sleep(300);
    expect(distance(states.at(-1)!.state.pose, HOME)).toBeGreaterThan(0.1);
    const resetSeq = seq++;
    io.bus.publish(io.bus.subjects.robotCommand, command(resetSeq, away, { reset: true }));
    expect(await waitFor(() => events.some((e) => e.type === EventType.resetStarted), 2000)).toBe(
      true,
    );
    // Commands during the home procedure: none may be applied.
    const during = await publishFor(200, (s) => command(s, away));
    expect(await waitFor(() => events.some((e) => e.type === EventType.resetDone), 5000)).toBe(
      true,
    );
    const done = states.find((r) => r.state.commandSeq === resetSeq)!;
    expect(done).toBeDefined();
    expect(distance(done.state.pose, HOME)).toBeLessThan(0.001);
    done.state.joints!.position.forEach((q, j) => {
      expect(q).toBeCloseTo(FR3_RESET_JOINTS[j]!, 9);
    });
    await Bun.sleep(400);
    for (const r of states) expect(during.has(r.state.commandSeq ?? -1)).toBe(false);
    expect(distance(states.at(-1)!.state.pose, HOME)).toBeLessThan(0.001);
  }, 15_000);
});
