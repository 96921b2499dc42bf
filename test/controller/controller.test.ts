/**
 * The controller as its own process over a real nats-server, driven by a
 * scripted operator (VrState at 50 Hz) and a fake arm that publishes
 * RobotState and moves instantly to each commanded target.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { now } from "@teleop/shared/clock";
import { encode } from "@teleop/shared/codec";
import { EventType } from "@teleop/shared/events";
import { CalibrateReplyMsg } from "@teleop/shared/messages";
import { waitFor } from "../support/bus";
import { useNatsBus } from "../support/natsBus";
import type { ServiceProcess } from "../support/serviceProcess";
import { ControllerWatch, FakeArm, HOME, ScriptedOperator } from "./rig";

describe("controller service", () => {
  const io = useNatsBus();
  let ctl: ServiceProcess;
  let operator: ScriptedOperator;
  let arm: FakeArm;
  const watch = new ControllerWatch();
  const { commands, statuses, events, health } = watch;

  const start = async () => {
    ctl = io.launch("controller");
    await ctl.waitForLog(/ready/);
  };
  const lastStatus = () => statuses[statuses.length - 1];
  const eventsOf = (type: string, since = 0) =>
    events.filter((e) => e.type === type && e.t >= since);

  beforeAll(async () => {
    operator = new ScriptedOperator(io.bus);
    arm = new FakeArm(io.bus);
    await watch.start(io.bus, arm);
    await start();
    operator.start();
    arm.start();
  });

  io.onClose(async () => {
    operator.stop();
    arm.stop();
    await ctl.stop();
  });

  test("a joystick click calibrates and sends the arm home once; with grip held the target follows the controller", async () => {
    expect(await waitFor(() => lastStatus()?.mode === "realtime")).toBe(true);
    expect(lastStatus()?.calibrated).toBe(false);
    const t0 = now();
    operator.joystick = true;
    await Bun.sleep(120);
    operator.joystick = false;
    expect(await waitFor(() => eventsOf(EventType.calibrationDone, t0).length === 1)).toBe(true);
    expect(await waitFor(() => commands.some((c) => c.reset && c.t >= t0))).toBe(true);

    operator.grip = true;
    expect(await waitFor(() => commands.some((c) => c.movement && c.t >= t0))).toBe(true);
    const engagedAt = now();
    // 20 cm/s toward VR -Z (forward) for half a second.
    operator.vel = [0, 0, -0.2];
    await Bun.sleep(500);
    operator.vel = [0, 0, 0];
    await Bun.sleep(200);
    const moving = commands.filter((c) => c.t >= engagedAt && c.movement);
    expect(moving.length).toBeGreaterThan(5);
    const last = moving[moving.length - 1]!;
    // About 0.1 m forward: robot +X, nothing sideways or vertical.
    expect(last.target.position[0]).toBeGreaterThan(HOME[0] + 0.05);
    expect(Math.abs(last.target.position[1])).toBeLessThan(0.005);
    expect(Math.abs(last.target.position[2] - HOME[2])).toBeLessThan(0.005);
    expect(moving.some((c) => c.action[0]! > 0.1)).toBe(true);
    expect(commands.filter((c) => c.reset && c.t >= t0)).toHaveLength(1);
    expect(watch.invalid).toBe(0);
  }, 15_000);

  test("robot states withheld: predictive within 3 ticks; realtime again when they return", async () => {
    arm.stop();
    const lastRobotT = arm.lastT;
    expect(await waitFor(() => lastStatus()?.mode === "predictive", 3000)).toBe(true);
    const after = statuses.filter((s) => s.t > lastRobotT);
    const firstPredictive = after.findIndex((s) => s.mode === "predictive");
    expect(firstPredictive).toBeGreaterThanOrEqual(0);
    expect(firstPredictive).toBeLessThan(3);
    expect(
      commands.filter((c) => c.t > lastRobotT + 150).every((c) => c.mode === "predictive"),
    ).toBe(true);
    const backFrom = now();
    arm.start();
    expect(await waitFor(() => lastStatus()?.mode === "realtime", 3000)).toBe(true);
    expect(eventsOf(EventType.modeChanged, lastRobotT).map((e) => e.data?.to)).toEqual([
      "predictive",
      "realtime",
    ]);
    expect(statuses.filter((s) => s.t > backFrom + 500).every((s) => s.mode === "realtime")).toBe(
      true,
    );
  }, 10_000);

  test("VR stream stopped: no motion once the newest VR sample is older than 100 ms", async () => {
    operator.vel = [0, 0, -0.05];
    expect(await waitFor(() => lastStatus()?.movement === true)).toBe(true);
    operator.stop();
    const lastVrT = operator.lastT;
    await Bun.sleep(400);
    const late = commands.filter((c) => c.t > lastVrT + 100);
    expect(late.length).toBeGreaterThan(3);
    expect(late.every((c) => !c.movement && c.action.every((x) => x === 0))).toBe(true);
    expect(eventsOf(EventType.clutchReleased, lastVrT).map((e) => e.data?.reason)).toContain(
      "vrTimeout",
    );
    operator.vel = [0, 0, 0];
    operator.start();
    expect(await waitFor(() => lastStatus()?.movement === true)).toBe(true);
  }, 10_000);

  test("malformed and non-finite VR input is rejected and counted; the stream carries on", async () => {
    const t0 = now();
    io.bus.nc.publish(io.bus.subjects.vrState, new Uint8Array([0xc1, 0xff, 0x00]));
    io.bus.publish(io.bus.subjects.vrState, {
      v: 1,
      seq: 1,
      t: now(),
      source: "sim",
      right: { tracked: true },
    });
    const nan = encode({
      v: 1,
      seq: 2,
      t: now(),
      source: "sim",
      right: { tracked: true, pose: { position: [Number.NaN, 1, 0], orientation: [0, 0, 0, 1] } },
    });
    io.bus.nc.publish(io.bus.subjects.vrState, nan);
    expect(
      await waitFor(
        () => (health.at(-1)?.counters.vrRejected ?? 0) >= 2 && health.at(-1)!.t > t0,
        4000,
      ),
    ).toBe(true);
    expect(eventsOf(EventType.inputRejected, t0).length).toBeGreaterThanOrEqual(1);
    expect(await waitFor(() => commands.at(-1)!.t > t0 + 200)).toBe(true);
    expect(ctl.proc.exitCode).toBeNull();
  }, 10_000);

  test("status and health report the achieved loop rate (about 20 Hz)", async () => {
    expect(await waitFor(() => (health.at(-1)?.loops.control?.hz ?? 0) > 0, 3000)).toBe(true);
    const h = health.at(-1)!;
    expect(h.loops.control!.hz).toBeGreaterThan(12);
    expect(h.loops.control!.hz).toBeLessThan(28);
    expect(h.detail?.calibrated).toBe(true);
    const s = lastStatus()!;
    expect(s.hz).toBeGreaterThan(12);
    expect(s.hz).toBeLessThan(28);
    expect(s.instance).toBe(h.instance);
    expect(commands.at(-1)!.instance).toBe(h.instance);
  });

  test("restarted: the calibration from KV is still in force (no recalibration, no reset)", async () => {
    expect(await ctl.stop()).toBe(0);
    const restartAt = now();
    await start();
    expect(ctl.log).toMatch(/calibration loaded/);
    expect(
      await waitFor(() => (lastStatus()?.t ?? 0) > restartAt && lastStatus()!.calibrated),
    ).toBe(true);
    operator.grip = false;
    expect(await waitFor(() => lastStatus()!.t > restartAt && !lastStatus()!.movement)).toBe(true);
    const pressAt = now();
    operator.grip = true;
    expect(await waitFor(() => commands.some((c) => c.t > pressAt && c.movement))).toBe(true);
    expect(eventsOf(EventType.calibrationDone, restartAt)).toHaveLength(0);
    expect(commands.some((c) => c.t > restartAt && c.reset)).toBe(false);
  }, 15_000);

  test("a calibrate request clears the calibration, in memory and in KV", async () => {
    operator.grip = false;
    const t0 = now();
    const reply = await io.bus.request(io.bus.subjects.controlCalibrate, {}, CalibrateReplyMsg);
    expect(reply.ok).toBe(true);
    expect(await waitFor(() => lastStatus()!.t > t0 && !lastStatus()!.calibrated, 8000)).toBe(true);
    expect(lastStatus()!.movement).toBe(false);
    expect(eventsOf(EventType.calibrationCleared, t0)).toHaveLength(1);
    const kv = await io.bus.kv(io.bus.subjects.kvBucket("calibration"));
    expect((await kv.get("right"))?.operation).not.toBe("PUT");
  }, 10_000);
});
