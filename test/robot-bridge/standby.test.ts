/**
 * The robot bridge applies commands only from the controller that holds the
 * lease: robot-bridge as a process (sim backend, no latency) over a real
 * nats-server; the test writes the lease key through LeaseWatch as a
 * controller would and publishes commands from several instance ids. Applied
 * commands are read back from the states' `commandSeq`; each sender has its
 * own range of seq numbers.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { now } from "@teleop/shared/clock";
import { FR3_RESET_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import { LeaseWatch } from "@teleop/shared/LeaseWatch";
import { type Health, HealthMsg, RobotStateMsg } from "@teleop/shared/messages";
import { ScriptedOperator } from "../controller/rig";
import { waitFor } from "../support/bus";
import { type ServiceName, useNatsBus } from "../support/natsBus";
import type { ServiceProcess } from "../support/serviceProcess";
import { command, offset } from "./commands";

const HOME = fr3ForwardKinematics(FR3_RESET_JOINTS);
/** Seq ranges per sender, so an applied command says who sent it. */
const BASE: Record<string, number> = { "ctl-a": 100_000, "ctl-b": 200_000, "ctl-x": 300_000 };

const sender = (seq: number) =>
  Object.entries(BASE).find(([, base]) => seq >= base && seq < base + 100_000)?.[0] ?? "none";

describe("robot-bridge: only the lease holder drives", () => {
  const io = useNatsBus();
  let bridge: ServiceProcess;
  let lease: LeaseWatch;
  const applied: Array<{ seq: number; at: number }> = [];
  let health: Health | undefined;
  const next: Record<string, number> = { ...BASE };

  /** Publish one command from each sender in turn every 25 ms for `ms`. */
  async function publishFrom(senders: Array<string | undefined>, ms: number): Promise<void> {
    const until = now() + ms;
    let k = 0;
    while (now() < until) {
      for (const who of senders) {
        const key = who ?? "ctl-x";
        const seq = next[key]!++;
        const dz = ((k % 20) - 10) * 0.002;
        io.bus.publish(
          io.bus.subjects.robotCommand,
          command(seq, offset(HOME, 0.02, 0, dz), who ? { instance: who } : {}),
        );
      }
      k++;
      await Bun.sleep(25);
    }
  }
  const appliedSince = (t: number) => applied.filter((a) => a.at >= t).map((a) => sender(a.seq));

  beforeAll(async () => {
    io.bus.subscribe(io.bus.subjects.robotState, RobotStateMsg, (s) => {
      if (s.commandSeq !== null) applied.push({ seq: s.commandSeq, at: now() });
    });
    io.bus.subscribe(io.bus.subjects.health("robot-bridge"), HealthMsg, (h) => {
      health = h;
    });
    await io.bus.flush();
    bridge = io.launch("robot-bridge", {
      env: { ROBOT_BACKEND: "sim", SIM_STEPS: "1", SIM_STEP_MS: "0" },
    });
    await bridge.waitForLog(/ready/);
    lease = await LeaseWatch.open(io.bus);
  }, 20_000);

  io.onClose(async () => {
    lease.stop();
    expect(await bridge.stop()).toBe(0);
  });

  test("no lease yet (a single controller without a standby): any command is applied", async () => {
    expect(bridge.log).toMatch(/ready.*lease=free/);
    const t0 = now();
    await publishFrom(["ctl-x"], 300);
    expect(await waitFor(() => appliedSince(t0).includes("ctl-x"), 2000)).toBe(true);
  });

  test("with ctl-a holding the lease, commands from others are dropped and counted, and cannot crowd ctl-a out", async () => {
    await lease.write("ctl-a", 1000);
    await Bun.sleep(100);
    const t0 = now();
    const firstA = next["ctl-a"]!;
    // Each ctl-a command is followed at once by an intruder's (one with an instance id, one without).
    await publishFrom(["ctl-a", "ctl-x", undefined], 1000);
    await Bun.sleep(100);
    const got = appliedSince(t0);
    expect(new Set(got)).toEqual(new Set(["ctl-a"]));
    // Dropped before the keep-latest slot, the intruders never overwrite ctl-a's command there.
    expect(got.length).toBeGreaterThan(0.5 * (next["ctl-a"]! - firstA));
    expect(
      await waitFor(() => (health?.counters.rejectedNotActive ?? 0) >= 60 && health!.t > t0, 3000),
    ).toBe(true);
    expect(health!.detail?.lease).toMatchObject({ state: "held", instance: "ctl-a" });
    expect(bridge.log).toMatch(/dropping commands from a controller that does not hold the lease/);
  });

  test("when the lease passes to ctl-b, ctl-a's commands stop being applied and ctl-b's are", async () => {
    await lease.write("ctl-b", 1000);
    await Bun.sleep(100);
    const t0 = now();
    await publishFrom(["ctl-a", "ctl-b"], 600);
    await Bun.sleep(100);
    const got = appliedSince(t0);
    expect(got.length).toBeGreaterThan(5);
    expect(new Set(got)).toEqual(new Set(["ctl-b"]));
  });
});

describe("hot standby end to end: two controllers and the real bridge", () => {
  const io = useNatsBus();
  let operator: ScriptedOperator;
  const procs: ServiceProcess[] = [];
  const states: Array<{ at: number; x: number; applied: boolean }> = [];
  let health: Health | undefined;

  const start = async (name: ServiceName, env: Record<string, string>) => {
    const p = io.launch(name, { env });
    procs.push(p);
    await p.waitForLog(/ready/);
    return p;
  };

  beforeAll(async () => {
    io.bus.subscribe(io.bus.subjects.robotState, RobotStateMsg, (s) => {
      states.push({ at: now(), x: s.pose.position[0], applied: s.commandSeq !== null });
    });
    io.bus.subscribe(io.bus.subjects.health("robot-bridge"), HealthMsg, (h) => {
      health = h;
    });
    await io.bus.flush();
    await start("robot-bridge", {
      ROBOT_BACKEND: "sim",
      SIM_STEPS: "1",
      SIM_STEP_MS: "0",
    });
    operator = new ScriptedOperator(io.bus);
    operator.start();
  }, 20_000);

  io.onClose(async () => {
    operator.stop();
    for (const p of procs) await p.stop();
  });

  test("after kill -9 of the active the bridge drives from the new one; few of its first commands are refused", async () => {
    const a = await start("controller", { INSTANCE_ID: "ctl-a" });
    await start("controller", { INSTANCE_ID: "ctl-b" });
    // Calibrate, let the home procedure run, then drive forward (robot +X).
    operator.joystick = true;
    await Bun.sleep(120);
    operator.joystick = false;
    await Bun.sleep(500);
    operator.grip = true;
    operator.vel = [0, 0, -0.05];
    expect(await waitFor(() => states.filter((s) => s.applied).length > 10, 5000)).toBe(true);
    const refusedBefore = health?.counters.rejectedNotActive ?? 0;

    const killedAt = now();
    a.proc.kill("SIGKILL");
    await a.exited;
    await Bun.sleep(1500);
    expect(await waitFor(() => health !== undefined && health.t > killedAt + 1000, 3000)).toBe(
      true,
    );
    const refused = (health!.counters.rejectedNotActive ?? 0) - refusedBefore;
    const after = states.filter((s) => s.at > killedAt + 300 && s.applied);
    console.log(
      `bridge at takeover: ${refused} command(s) of the new active refused before its lease reached the bridge; ` +
        `${after.length} commands applied in the following 1.2 s`,
    );
    expect(health!.detail?.lease).toMatchObject({ state: "held", instance: "ctl-b" });
    expect(refused).toBeLessThanOrEqual(3);
    expect(after.length).toBeGreaterThan(5);
    // The arm still follows the operator forward.
    expect(after.at(-1)!.x).toBeGreaterThan(after[0]!.x + 0.01);
  }, 30_000);
});
