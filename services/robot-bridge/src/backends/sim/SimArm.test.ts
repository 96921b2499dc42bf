import { describe, expect, test } from "bun:test";
import { FR3_READY_JOINTS, FR3_RESET_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import { faultAt, parseFaults } from "./faults";
import { busToWidth, gripperStep, widthToBus } from "./gripper";
import { SimArm } from "./SimArm";

describe("gripper", () => {
  test("bus 0 is open (0.08 m), 1 is closed (0 m)", () => {
    expect(busToWidth(0)).toBe(0.08);
    expect(busToWidth(1)).toBe(0);
    expect(widthToBus(0.04)).toBeCloseTo(0.5, 12);
  });

  test("closes at 0.1 m/s: 0.3 s after a close command the width is 0.05 m", () => {
    let w = 0.08;
    for (let i = 0; i < 6; i++) w = gripperStep(w, 1, 0.05);
    expect(w).toBeCloseTo(0.05, 12);
    for (let i = 0; i < 20; i++) w = gripperStep(w, 1, 0.05);
    expect(w).toBe(0);
  });
});

describe("simulated arm", () => {
  test("starts at the reset joints, open, still", () => {
    const s = new SimArm().measure(123);
    expect(s.t).toBe(123);
    expect(s.joints?.position).toEqual([...FR3_RESET_JOINTS]);
    expect(s.joints?.velocity).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(s.gripper).toBe(0);
    expect(s.pose.position[0]).toBeCloseTo(0.4577, 4);
  });

  test("home from the ready pose takes 9 steps of 50 ms (joint 2: 0.587 rad at 1.31 rad/s)", () => {
    const arm = new SimArm(FR3_READY_JOINTS);
    let steps = 0;
    while (!arm.stepHome(0.05)) steps++;
    expect(steps + 1).toBe(9);
    expect(arm.q).toEqual([...FR3_RESET_JOINTS]);
  });

  test("velocities are the joint change over the step; hold() zeroes them", () => {
    const arm = new SimArm();
    const target = fr3ForwardKinematics(FR3_RESET_JOINTS);
    target.position[2] += 0.05;
    const before = [...arm.q];
    arm.stepToward(target, 0, 0.05);
    arm.q.forEach((x, i) => {
      expect(arm.dq[i]!).toBeCloseTo((x - before[i]!) / 0.05, 9);
    });
    expect(arm.dq.some((v) => Math.abs(v) > 0.01)).toBe(true);
    arm.hold();
    expect(arm.measure(0).joints?.velocity).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("fault spec", () => {
  test("parses stall, error ranges and drop", () => {
    const rules = parseFaults("stall@3:3000, error@5:2,drop@9");
    expect(faultAt(rules, 2)).toBeUndefined();
    expect(faultAt(rules, 3)).toEqual({ kind: "stall", ms: 3000 });
    expect(faultAt(rules, 5)).toEqual({ kind: "error" });
    expect(faultAt(rules, 6)).toEqual({ kind: "error" });
    expect(faultAt(rules, 7)).toBeUndefined();
    expect(faultAt(rules, 9)).toEqual({ kind: "drop" });
    expect(parseFaults("")).toEqual([]);
    expect(parseFaults("stall@1")[0]).toEqual({ kind: "stall", at: 1, arg: 3000 });
  });

  test("rejects nonsense with the item named", () => {
    expect(() => parseFaults("explode@3")).toThrow(/explode@3/);
    expect(() => parseFaults("error@0")).toThrow(/from 1/);
  });
});
