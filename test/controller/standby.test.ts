/**
 * Hot standby with real processes: two controllers (INSTANCE_ID ctl-a and
 * ctl-b) on one nats-server with a scripted operator and a fake arm. Exactly
 * one publishes; kill -9 of the active hands over to the standby within 3
 * control ticks, with the calibration carried over (no reset, no new
 * calibration, no jump); over the whole command stream the publishers never
 * interleave. A restarted instance comes back as the standby.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { now } from "@teleop/shared/clock";
import { DEFAULT_GAINS } from "@teleop/shared/control";
import { EventType } from "@teleop/shared/events";
import { leaseTimeoutMs } from "@teleop/shared/lease";
import type { RobotCommand } from "@teleop/shared/messages";
import { waitFor } from "../support/bus";
import { useNatsBus } from "../support/natsBus";
import type { ServiceProcess } from "../support/serviceProcess";
import { ControllerWatch, FakeArm, ScriptedOperator } from "./rig";

const INTERVAL_MS = 1000 / DEFAULT_GAINS.hz;
const LEASE_MS = leaseTimeoutMs(DEFAULT_GAINS.hz);

interface Run {
  instance: string;
  first: number;
  last: number;
}

/** The command stream as runs of one publisher each (by arrival order), with their time spans. */
function publisherRuns(cmds: RobotCommand[]): Run[] {
  const runs: Run[] = [];
  for (const c of cmds) {
    const who = c.instance ?? "?";
    const cur = runs[runs.length - 1];
    if (cur?.instance === who) cur.last = c.t;
    else runs.push({ instance: who, first: c.t, last: c.t });
  }
  return runs;
}

/**
 * One publisher at a time: every change of publisher in the command stream is
 * a takeover the new one announced (role.changed), and starts after the old
 * one's last command by at least the lease margin (a quarter of the timeout:
 * the active publishes for three quarters of it after a confirmed write, a
 * standby takes over after all of it). Two instances publishing together
 * would switch at nearly every tick, with no such gaps or events.
 */
function expectOnePublisherAtATime(cmds: RobotCommand[], takeovers: number): void {
  const runs = publisherRuns(cmds);
  if (runs.length - 1 !== takeovers) console.log("standby: publisher runs", JSON.stringify(runs));
  expect(runs.length - 1).toBe(takeovers);
  for (let i = 1; i < runs.length; i++) {
    expect(runs[i]!.first - runs[i - 1]!.last).toBeGreaterThan(0.2 * LEASE_MS);
  }
}

describe("hot-standby controller", () => {
  const io = useNatsBus();
  let operator: ScriptedOperator;
  let arm: FakeArm;
  const procs = new Map<string, ServiceProcess>();
  const watch = new ControllerWatch();
  const { commands, statuses, events } = watch;

  const start = async (instance: string) => {
    const p = io.launch("controller", { env: { INSTANCE_ID: instance } });
    procs.set(instance, p);
    await p.waitForLog(/ready/);
    return p;
  };

  beforeAll(async () => {
    operator = new ScriptedOperator(io.bus);
    arm = new FakeArm(io.bus);
    await watch.start(io.bus, arm);
    operator.start();
    arm.start();
    await start("ctl-a");
    await start("ctl-b");
  }, 30_000);

  io.onClose(async () => {
    operator.stop();
    arm.stop();
    for (const p of procs.values()) await p.stop();
  });

  /** Takeovers after the first start: role.changed to active, minus the first instance's own. */
  const takeovers = () =>
    events.filter((e) => e.type === EventType.roleChanged && e.data?.role === "active").length - 1;
  const activeNow = () => commands.at(-1)!.instance!;
  const other = (instance: string) => (instance === "ctl-a" ? "ctl-b" : "ctl-a");

  test("exactly one publishes; health and status show active and standby", async () => {
    expect(procs.get("ctl-a")!.log).toMatch(/ready.*role=active/);
    expect(procs.get("ctl-b")!.log).toMatch(/ready.*role=standby/);
    const t0 = now();
    await Bun.sleep(800);
    const recent = commands.filter((c) => c.t >= t0);
    expect(recent.length).toBeGreaterThan(8);
    // ctl-a throughout, unless a stall on this shared machine handed over (then still one at a time).
    console.log(
      `standby: publishers over 0.8 s: ${publisherRuns(recent)
        .map((r) => r.instance)
        .join(" -> ")}`,
    );
    expectOnePublisherAtATime(commands, takeovers());
    const active = activeNow();
    expect(
      new Set(statuses.filter((st) => st.t > commands.at(-1)!.t - 200).map((st) => st.instance)),
    ).toEqual(new Set([active]));
    expect(
      await waitFor(
        () =>
          watch.latestHealth(active)?.detail?.role === "active" &&
          watch.latestHealth(other(active))?.detail?.role === "standby",
        3000,
      ),
    ).toBe(true);
    expect(watch.latestHealth(other(active))!.detail?.lease).toMatchObject({
      state: "held",
      instance: active,
    });
  });

  test("kill -9 of the active: the standby drives within 3 control ticks, calibrated, without a reset or a jump", async () => {
    // Calibrate (joystick click) and drive with the grip held, toward VR -Z (robot +X).
    const t0 = now();
    operator.joystick = true;
    await Bun.sleep(120);
    operator.joystick = false;
    expect(
      await waitFor(() => events.some((e) => e.type === EventType.calibrationDone && e.t >= t0)),
    ).toBe(true);
    expect(await waitFor(() => commands.some((c) => c.reset && c.t >= t0))).toBe(true);
    operator.grip = true;
    operator.vel = [0, 0, -0.05];
    expect(await waitFor(() => commands.some((c) => c.movement && c.t >= t0))).toBe(true);
    await Bun.sleep(400);

    const victim = activeNow();
    const heir = other(victim);
    const killedAt = now();
    procs.get(victim)!.proc.kill("SIGKILL");
    await procs.get(victim)!.exited;
    const fromHeir = () => commands.filter((c) => c.instance === heir && c.t > killedAt);
    expect(await waitFor(() => fromHeir().length > 0, 3000, 2)).toBe(true);
    await Bun.sleep(600);

    const lastOld = commands.filter((c) => c.instance === victim).at(-1)!;
    const heirCmds = fromHeir();
    const firstNew = heirCmds[0]!;
    const gapMs = firstNew.t - lastOld.t;
    console.log(
      `standby takeover: command gap ${gapMs.toFixed(1)} ms = ${(gapMs / INTERVAL_MS).toFixed(2)} control intervals ` +
        `(lease timeout ${LEASE_MS} ms); first command ${(firstNew.t - killedAt).toFixed(1)} ms after the kill`,
    );
    // Within 3 control ticks of the active's death (about 2 measured); in the command stream
    // that is at most one interval more, counted from its last command before it died.
    expect(firstNew.t - killedAt).toBeLessThanOrEqual(3 * INTERVAL_MS);
    expect(gapMs).toBeLessThanOrEqual(4 * INTERVAL_MS);

    // Same calibration: no reset and no new calibration from the new active; calibrated at once.
    expect(heirCmds.some((c) => c.reset)).toBe(false);
    expect(events.some((e) => e.type === EventType.calibrationDone && e.t >= killedAt)).toBe(false);
    const heirStatuses = statuses.filter((st) => st.instance === heir && st.t > killedAt);
    expect(heirStatuses.length).toBeGreaterThan(0);
    expect(heirStatuses.every((st) => st.calibrated)).toBe(true);
    // No jump: the first target is where the arm is (it followed the old active's last target).
    const jump = Math.hypot(
      ...firstNew.target.position.map((x, i) => x - lastOld.target.position[i]!),
    );
    expect(jump).toBeLessThan(0.01);
    // And it keeps following the operator the same way: VR -Z still drives robot +X.
    const moving = heirCmds.filter((c) => c.movement);
    expect(moving.length).toBeGreaterThan(5);
    expect(moving.at(-1)!.target.position[0]).toBeGreaterThan(firstNew.target.position[0] + 0.01);
    expect(
      events.some(
        (e) =>
          e.type === EventType.roleChanged &&
          e.t >= killedAt &&
          e.data?.instance === heir &&
          e.data?.role === "active",
      ),
    ).toBe(true);
  }, 20_000);

  test("the killed instance restarts as the standby; across the whole run one publisher at a time", async () => {
    const survivor = activeNow();
    const restarted = other(survivor);
    await start(restarted);
    expect(procs.get(restarted)!.log).toMatch(/ready.*role=standby/);
    await Bun.sleep(800);
    expect(commands.every((c) => c.instance !== undefined)).toBe(true);
    expectOnePublisherAtATime(commands, takeovers());
    console.log(
      `standby: publishers over the whole run: ${publisherRuns(commands)
        .map((r) => r.instance)
        .join(" -> ")}`,
    );
    expect(
      await waitFor(() => watch.latestHealth(restarted)?.detail?.role === "standby", 3000),
    ).toBe(true);
  }, 20_000);
});
