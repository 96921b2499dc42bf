/** The controller core's options for unit tests: the default law at 20 Hz, quiet logs. */
import { DEFAULT_GAINS, SEED_COORD_TRANSFORM } from "@teleop/shared/control";
import { createLogger } from "@teleop/shared/log";
import type { Counters } from "@teleop/shared/stats";
import type { CoreOptions } from "./ControllerCore";

export function testCoreOptions(counters: Counters, over: Partial<CoreOptions> = {}): CoreOptions {
  return {
    gains: DEFAULT_GAINS,
    coordTransform: [...SEED_COORD_TRANSFORM],
    hand: "right",
    orientationMode: "base",
    rotationMode: "droid",
    deadZoneM: 0,
    vrTimeoutMs: 100,
    maxJumpM: 0.1,
    deadlineIntervals: 2,
    resetOnCalibrate: false,
    instance: "test",
    counters,
    log: createLogger("controller-test", "error"),
    ...over,
  };
}
