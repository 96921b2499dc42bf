import { describe, expect, test } from "bun:test";
import { robotMode, robotStandIn } from "./predictive";

const measured = {
  pose: {
    position: [0.4, 0, 0.3] as [number, number, number],
    orientation: [1, 0, 0, 0] as [number, number, number, number],
  },
  gripper: 0.2,
};
const target = {
  pose: {
    position: [0.45, 0, 0.3] as [number, number, number],
    orientation: [1, 0, 0, 0] as [number, number, number, number],
  },
  gripper: 1,
};

describe("predictive mode (robot state older than 2 control intervals)", () => {
  test("20 Hz: realtime up to 100 ms of age, predictive beyond; idle before any state", () => {
    expect(robotMode(undefined, 1000, 50)).toBe("idle");
    expect(robotMode(900, 1000, 50)).toBe("realtime");
    expect(robotMode(899.9, 1000, 50)).toBe("predictive");
  });

  test("40 Hz: the bound is 50 ms", () => {
    expect(robotMode(950, 1000, 25)).toBe("realtime");
    expect(robotMode(949, 1000, 25)).toBe("predictive");
  });

  test("predictive stands the last target in for the robot; realtime uses the measurement", () => {
    expect(robotStandIn("predictive", measured, target)).toBe(target);
    expect(robotStandIn("predictive", measured, undefined)).toBe(measured);
    expect(robotStandIn("realtime", measured, target)).toBe(measured);
    expect(robotStandIn("idle", undefined, target)).toBeUndefined();
  });
});
