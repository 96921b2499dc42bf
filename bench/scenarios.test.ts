import { describe, expect, test } from "bun:test";
import { callAt, robotEnv, SCENARIOS } from "./scenarios";

describe("robot scenarios", () => {
  test("rtt150 is the seed server's 3 x 50 ms with no fault", () => {
    const env = robotEnv(SCENARIOS.rtt150, 99);
    expect(env).toMatchObject({
      ROBOT_BACKEND: "sim",
      SIM_STEPS: "3",
      SIM_STEP_MS: "50",
      SIM_FAULT: "",
    });
    expect(env.ROBOT_TIMEOUT_MS).toBeUndefined();
  });

  test("rtt500 spreads 500 ms over the same 3 steps", () => {
    const env = robotEnv(SCENARIOS.rtt500, 99);
    expect(Number(env.SIM_STEPS) * Number(env.SIM_STEP_MS)).toBeCloseTo(500, 9);
  });

  test("stall hangs one backend call 3 s and lets the bridge wait it out", () => {
    const env = robotEnv(SCENARIOS.stall, 120);
    expect(env.SIM_FAULT).toBe("stall@120:3000");
    expect(Number(env.ROBOT_TIMEOUT_MS)).toBeGreaterThan(3000);
  });

  test("viewer-stall is rtt150's robot with a stalled Foxglove viewer; only it has one", () => {
    expect(robotEnv(SCENARIOS["viewer-stall"], 99)).toEqual(robotEnv(SCENARIOS.rtt150, 99));
    const withViewer = Object.values(SCENARIOS).filter((s) => s.stalledViewer);
    expect(withViewer.map((s) => s.name)).toEqual(["viewer-stall"]);
  });

  test("cameras is rtt150 with two cameras beside the stack", () => {
    expect(robotEnv(SCENARIOS.cameras, 99)).toEqual(robotEnv(SCENARIOS.rtt150, 99));
    expect(SCENARIOS.cameras.cameras).toBe(true);
    expect(SCENARIOS.rtt150.cameras).toBe(false);
  });

  test("the call number at a time is elapsed / round trip, at least 1", () => {
    expect(callAt(20, 150)).toBe(133);
    expect(callAt(0, 150)).toBe(1);
  });
});
