import { describe, expect, test } from "bun:test";
import type { SceneState } from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import { FR3_RESET_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import type { Pose } from "@teleop/shared/math";
import type { RobotCommand } from "@teleop/shared/messages";
import { mulberry32 } from "@teleop/shared/prng";
import { parseFaults } from "./faults";
import { SimArm } from "./SimArm";
import { SimBackend, type SimOptions } from "./SimBackend";
import { CUBE_SIZE_M, CUBE_START } from "./SimWorld";

const HOME = fr3ForwardKinematics(FR3_RESET_JOINTS);
const TARGET: Pose = {
  position: [HOME.position[0], HOME.position[1] + 0.05, HOME.position[2]],
  orientation: HOME.orientation,
};

const cmd = (gripper = 0): RobotCommand => ({
  v: 1,
  seq: 1,
  t: now(),
  deadline: now() + 1000,
  mode: "realtime",
  movement: true,
  target: TARGET,
  gripper,
  action: [0, 0, 0, 0, 0, 0, 0],
  reset: false,
  vrSeq: null,
  vrT: null,
  robotSeq: null,
});

const sim = (o: Partial<SimOptions> = {}) =>
  new SimBackend({
    steps: 3,
    stepMs: 0,
    physicsStepMs: 50,
    jitterMs: 0,
    seed: 1,
    faults: [],
    ...o,
  });

describe("sim backend", () => {
  test("0 ms steps: a fast simulation that still moves the arm 150 ms per command", async () => {
    const b = sim();
    await b.connect();
    const t0 = now();
    const s = await b.apply(cmd(1));
    expect(now() - t0).toBeLessThan(50);
    const moved = Math.hypot(...s.pose.position.map((x, i) => x - HOME.position[i]!));
    expect(moved).toBeGreaterThan(0.01);
    // 3 steps of 50 ms closing at 0.1 m/s: 0.015 m of 0.08 -> bus 0.1875.
    expect(s.gripper).toBeCloseTo(0.015 / 0.08, 9);
    for (let i = 0; i < 10; i++) await b.apply(cmd(1));
    const r = await b.readState();
    expect(Math.hypot(...r.pose.position.map((x, i) => x - TARGET.position[i]!))).toBeLessThan(
      0.001,
    );
    expect(r.joints!.velocity).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  test("latency: 3 steps of 20 ms plus up to 10 ms jitter each", async () => {
    const b = sim({ stepMs: 20, jitterMs: 10, seed: 3 });
    await b.connect();
    const t0 = now();
    await b.apply(cmd());
    const rtt = now() - t0;
    expect(rtt).toBeGreaterThanOrEqual(59);
    expect(rtt).toBeLessThan(90 + 200); // upper slack for a loaded machine
  });

  test("deterministic: the same seed gives the same jitter, the same commands the same joints", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(mulberry32(8)()).not.toBe(xs[0]);
    const arm1 = new SimArm();
    const arm2 = new SimArm();
    for (let i = 0; i < 20; i++) {
      arm1.stepToward(TARGET, 1, 0.05);
      arm2.stepToward(TARGET, 1, 0.05);
    }
    expect(arm1.q).toEqual(arm2.q);
    expect(arm1.width).toBe(arm2.width);
  });

  test("a dropped connection fails every call until connect(); close() ends a stall at once", async () => {
    const b = sim({ faults: parseFaults("drop@2,stall@3:10000") });
    await b.connect();
    await b.readState();
    await expect(b.readState()).rejects.toThrow(/connection drop/);
    await expect(b.readState()).rejects.toThrow(/not connected/);
    await b.connect();
    const stalled = b.readState(); // call 3: calls refused while disconnected are not counted
    const t0 = now();
    setTimeout(() => void b.close(), 30);
    await expect(stalled).rejects.toThrow(/closed/);
    expect(now() - t0).toBeLessThan(2000);
  });

  test("the arm carries the cube: grasped where it stands, dropped on the table, a scene after every call", async () => {
    const scenes: SceneState[] = [];
    const b = sim({ onScene: (s) => scenes.push(s) });
    await b.connect();
    const over: Pose = { position: CUBE_START, orientation: HOME.orientation };
    const target = (p: Pose, gripper: number) => ({ ...cmd(gripper), target: p });
    for (let i = 0; i < 40; i++) await b.apply(target(over, 0));
    for (let i = 0; i < 10; i++) await b.apply(target(over, 1));
    expect(b.world.grasped).toBe(true);
    const place: Pose = {
      position: [CUBE_START[0] - 0.15, CUBE_START[1] + 0.2, CUBE_START[2]],
      orientation: HOME.orientation,
    };
    for (let i = 0; i < 40; i++) await b.apply(target(place, 1));
    for (let i = 0; i < 20; i++) await b.apply(target(place, 0));
    for (let i = 0; i < 20; i++) await b.readState();
    expect(b.world.grasped).toBe(false);
    const cube = b.world.cube.position;
    expect(cube[0]).toBeCloseTo(place.position[0], 2);
    expect(cube[1]).toBeCloseTo(place.position[1], 2);
    expect(cube[2]).toBeCloseTo(CUBE_SIZE_M / 2, 6);
    expect(scenes).toHaveLength(130);
    expect(scenes.map((s) => s.seq)).toEqual(scenes.map((_, i) => i));
    expect(scenes.some((s) => s.objects.some((o) => o.id === "cube" && o.grasped))).toBe(true);
  });
});
