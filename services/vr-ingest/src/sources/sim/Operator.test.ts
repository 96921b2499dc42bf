import { describe, expect, test } from "bun:test";
import { norm, sub, type Vec3 } from "@teleop/shared/math";
import { loadScenario } from "./loadScenario";
import { Operator } from "./Operator";
import { compileScenario, MOTION_LIMITS } from "./scenario";

const pickPlace = compileScenario(loadScenario("pick-place"));
const op = (seed = 7, tremorM = 0.0005, loop = false) =>
  new Operator(loop ? compileScenario(loadScenario("pick-place"), true) : pickPlace, {
    seed,
    tremorM,
    loop,
  });

/** Start of the first segment whose note is `note`, and its end. */
function window(note: string): [number, number] {
  const seg = pickPlace.segments.find((s) => s.note === note);
  if (!seg) throw new Error(`no step ${note}`);
  return [seg.start, seg.start + seg.duration];
}

describe("Operator", () => {
  test("deterministic: the same seed gives the same samples, another seed other ones", () => {
    const a = op(42);
    const b = op(42);
    const c = op(43);
    for (let t = 0; t < 14; t += 0.37) expect(a.sample(t)).toEqual(b.sample(t));
    expect(a.sample(3.3).right.pose.position).not.toEqual(c.sample(3.3).right.pose.position);
  });

  test("pick-place lasts 12-15 s and runs its steps in order", () => {
    expect(pickPlace.durationS).toBeGreaterThanOrEqual(12);
    expect(pickPlace.durationS).toBeLessThanOrEqual(15);
    const o = op(1, 0);
    const idle = o.sample(0.5).right;
    expect(idle.grip).toBe(0);
    expect(Object.values(idle.buttons).some(Boolean)).toBe(false);

    const [, gripDone] = window("grip press");
    expect(o.sample(gripDone + 0.01).right.buttons.grip).toBe(true);
    expect(o.sample(gripDone + 0.01).right.grip).toBeCloseTo(1, 6);

    const [a0, a1] = window("A: start recording");
    expect(o.sample(a0 - 0.01).right.buttons.primary).toBe(false);
    expect(o.sample((a0 + a1) / 2).right.buttons.primary).toBe(true);
    expect(o.sample(a1 + 0.01).right.buttons.primary).toBe(false);

    const [, grasped] = window("grasp");
    expect(o.sample(grasped).right.trigger).toBeCloseTo(1, 6);
    expect(o.sample(grasped).right.buttons.trigger).toBe(true);

    const [b0, b1] = window("B: save");
    const beforeSave = o.sample(b0 - 0.01).right;
    expect(beforeSave.buttons.grip).toBe(false);
    expect(beforeSave.trigger).toBe(0);
    expect(o.sample((b0 + b1) / 2).right.buttons.secondary).toBe(true);
  });

  test("the reach goes forward (-Z) and down by the scripted amount", () => {
    const o = op(1, 0);
    const [r0, r1] = window("reach");
    const p0 = o.sample(r0).right.pose.position;
    const p1 = o.sample(r1).right.pose.position;
    // pick-place.json: move [0, -0.12, -0.2] from start [0.2, 1.0, -0.35].
    expect(p0).toEqual([0.2, 1.0, -0.35]);
    expect(p1[0]).toBeCloseTo(0.2, 9);
    expect(p1[1]).toBeCloseTo(0.88, 9);
    expect(p1[2]).toBeCloseTo(-0.55, 9);
    // A 15 degree pitch about +X: w = cos(7.5 deg), x = -sin(7.5 deg).
    const q = o.sample(r1).right.pose.orientation;
    expect(q[0]).toBeCloseTo(-Math.sin((7.5 * Math.PI) / 180), 9);
    expect(q[3]).toBeCloseTo(Math.cos((7.5 * Math.PI) / 180), 9);
  });

  test("speed and acceleration stay within the human bounds (no tremor)", () => {
    const o = op(1, 0);
    const dt = 0.002;
    const pos = (t: number) => o.sample(t).right.pose.position as Vec3;
    let vMax = 0;
    let aMax = 0;
    for (let t = dt; t < pickPlace.durationS + 1; t += dt) {
      const v = norm(sub(pos(t + dt), pos(t - dt))) / (2 * dt);
      const a = norm(sub(sub(pos(t + dt), pos(t)), sub(pos(t), pos(t - dt)))) / (dt * dt);
      vMax = Math.max(vMax, v);
      aMax = Math.max(aMax, a);
    }
    expect(vMax).toBeGreaterThan(0.1);
    expect(vMax).toBeLessThanOrEqual(MOTION_LIMITS.maxSpeed);
    expect(aMax).toBeLessThanOrEqual(MOTION_LIMITS.maxAccel);
  });

  test("tremor stays within its amplitude and is present", () => {
    const still = op(5, 0);
    const shaky = op(5, 0.0005);
    let maxDev = 0;
    for (let t = 0; t < 2; t += 0.01) {
      const d = sub(shaky.sample(t).right.pose.position, still.sample(t).right.pose.position);
      maxDev = Math.max(maxDev, ...d.map(Math.abs));
    }
    expect(maxDev).toBeGreaterThan(0.0001);
    expect(maxDev).toBeLessThanOrEqual(0.0005 + 1e-12);
  });

  test("after the end it holds still, tracked, grip released", () => {
    const o = op(1, 0);
    const end = pickPlace.durationS;
    const a = o.sample(end + 1);
    const b = o.sample(end + 60);
    expect(a.phase).toBe("done");
    expect(a.right).toEqual(b.right);
    expect(a.right.tracked).toBe(true);
    expect(a.right.grip).toBe(0);
    expect(a.right.buttons.grip).toBe(false);
  });

  test("looping returns to the start pose, so a lap boundary does not jump", () => {
    const o = op(1, 0, true);
    const lap = o.scenario.durationS;
    expect(lap).toBeGreaterThan(pickPlace.durationS);
    const before = o.sample(lap - 0.001).right;
    const after = o.sample(lap + 0.001).right;
    expect(norm(sub(before.pose.position, after.pose.position))).toBeLessThan(1e-4);
    expect(o.sample(lap + 0.5).right).toEqual(o.sample(0.5).right);
  });

  test("the other hand rests mirrored and tracked", () => {
    const left = op(1, 0).sample(5).left;
    expect(left.tracked).toBe(true);
    expect(left.pose.position).toEqual([-0.2, 1.0, -0.35]);
    expect(left.grip).toBe(0);
  });
});
