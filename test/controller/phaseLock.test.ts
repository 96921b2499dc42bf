/**
 * The controller follows the VR stream's phase: a 50 Hz operator on an
 * absolute schedule, started half a millisecond after the 40 Hz controller's
 * ticks (the worst meeting: every fourth tick just misses a sample and uses
 * one 19.5 ms old), then the age of the VR sample each command used. Locked,
 * the ticks move about 4 ms earlier and the oldest samples are 15.5 ms plus
 * jitter; off, they stay where they met (19.4-20.0 ms on a quiet machine, less
 * when load blurs the meeting, so that case checks only that nothing moves).
 */
import { describe, expect, test } from "bun:test";
import { now } from "@teleop/shared/clock";
import { FixedRateLoop } from "@teleop/shared/loop";
import type { RobotCommand } from "@teleop/shared/messages";
import { percentile } from "@teleop/shared/stats";
import { waitFor } from "../support/bus";
import { useNatsBus } from "../support/natsBus";
import { ControllerWatch, FakeArm, ScriptedOperator } from "./rig";

const TICK_MS = 25;

/** The controller's tick phase (ms within a period), from its commands' times. */
function tickPhase(commands: readonly RobotCommand[]): number {
  const phases = commands.slice(-20).map((c) => c.t % TICK_MS);
  // Around the circle: the phase of the mean angle.
  const angle = (p: number) => (2 * Math.PI * p) / TICK_MS;
  const x = phases.reduce((s, p) => s + Math.cos(angle(p)), 0);
  const y = phases.reduce((s, p) => s + Math.sin(angle(p)), 0);
  return ((((Math.atan2(y, x) / (2 * Math.PI)) * TICK_MS) % TICK_MS) + TICK_MS) % TICK_MS;
}

const p95 = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    95,
  );

interface LockReport {
  locked: boolean;
  movedMs: number;
}

describe.each([
  {
    lock: "0.5",
    expectLock: (oldestMs: number, report: LockReport | null) => {
      expect(report?.locked).toBe(true);
      expect(report!.movedMs).toBeLessThan(-1);
      expect(oldestMs).toBeLessThan(18.5);
    },
  },
  {
    lock: "0",
    expectLock: (_: number, report: LockReport | null) => expect(report).toBeNull(),
  },
])("controller, PHASE_LOCK_MS=$lock", ({ lock, expectLock }) => {
  const io = useNatsBus();
  const watch = new ControllerWatch();
  let operator: FixedRateLoop | undefined;

  io.onClose(async () => {
    await operator?.stop();
  });

  test("the oldest VR sample a command uses, after the stream met the ticks at their worst", async () => {
    const arm = new FakeArm(io.bus);
    await watch.start(io.bus, arm);
    const ctl = io.launch("controller", { env: { PERFORMANCE: "1", PHASE_LOCK_MS: lock } });
    io.onClose(() => ctl.stop().then(() => undefined));
    await ctl.waitForLog(/ready/);
    arm.start();
    io.onClose(() => arm.stop());
    expect(await waitFor(() => watch.commands.length >= 40, 5000)).toBe(true);

    // Start the operator 0.5 ms after a tick: its loop keeps that phase.
    const phase = tickPhase(watch.commands);
    const sim = new ScriptedOperator(io.bus);
    operator = new FixedRateLoop({ name: "operator", hz: 50, onTick: () => sim.publish() });
    const wait = (phase + 0.5 - (now() % TICK_MS) + 2 * TICK_MS) % TICK_MS;
    const startAt = now() + wait;
    await Bun.sleep(Math.max(0, wait - 2));
    while (now() < startAt);
    operator.start();

    await Bun.sleep(4000);
    const from = now();
    await Bun.sleep(2000);
    const ages = watch.commands
      .filter((c) => c.t >= from && c.vrT !== null)
      .map((c) => c.t - c.vrT!);
    expect(ages.length).toBeGreaterThan(60);
    const h = watch.health.at(-1)!;
    expectLock(p95(ages), h.detail?.phaseLock as LockReport | null);
  }, 20_000);
});
