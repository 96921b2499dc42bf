import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "@teleop/shared/config";
import { DEFAULT_GAINS, PERFORMANCE_GAINS } from "@teleop/shared/control";
import { controllerSpecs, gainsFor } from "./config";

describe("controller configuration", () => {
  test("defaults: 20 Hz seed gains, -3 -1 2 4, right hand, base orientation, reset on calibrate", () => {
    const c = loadConfig(controllerSpecs, { argv: [], env: {} });
    expect(c.coordTransform).toEqual([-3, -1, 2, 4]);
    expect(c.leftController).toBe(false);
    expect(c.orientationMode).toBe("base");
    expect(c.rotationMode).toBe("droid");
    expect(c.deadZoneM).toBe(0);
    expect(c.vrTimeoutMs).toBe(100);
    expect(c.deadlineIntervals).toBe(2);
    expect(c.resetOnCalibrate).toBe(true);
    expect(gainsFor(c.performance, c.controlHz)).toEqual(DEFAULT_GAINS);
  });

  test("the seed's flags: --performance, --left-controller, --coord-transform a b c d", () => {
    const c = loadConfig(controllerSpecs, {
      argv: ["--performance", "--left-controller", "--coord-transform", "-2", "-1", "-3", "4"],
      env: {},
    });
    expect(c.coordTransform).toEqual([-2, -1, -3, 4]);
    expect(c.leftController).toBe(true);
    const g = gainsFor(c.performance, c.controlHz);
    expect(g).toEqual(PERFORMANCE_GAINS);
    expect([g.hz, g.posGain, g.rotGain, g.maxLinDelta, g.maxRotDelta]).toEqual([
      40, 10, 3, 0.05, 0.1,
    ]);
  });

  test("environment variables; CONTROL_HZ overrides only the rate", () => {
    const c = loadConfig(controllerSpecs, {
      argv: ["--no-reset-on-calibrate"],
      env: { PERFORMANCE: "1", CONTROL_HZ: "30", ORIENTATION_MODE: "delta", DEAD_ZONE_M: "0.0005" },
    });
    expect(c.resetOnCalibrate).toBe(false);
    expect(c.orientationMode).toBe("delta");
    expect(c.deadZoneM).toBe(0.0005);
    expect(gainsFor(c.performance, c.controlHz)).toEqual({ ...PERFORMANCE_GAINS, hz: 30 });
  });

  test("a bad value names the variable", () => {
    expect(() =>
      loadConfig(controllerSpecs, { argv: [], env: { ORIENTATION_MODE: "relative" } }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig(controllerSpecs, { argv: [], env: { COORD_TRANSFORM: "-3 -1 2" } }),
    ).toThrow(/COORD_TRANSFORM/);
  });
});
