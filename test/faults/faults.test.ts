/**
 * The fast subset of the fault suite that `make test` runs: a service killed
 * and restarted, the bus going away, and bad input on every subject. The full
 * suite (every fault, the table in RELIABILITY.md) is `make faults`.
 */
import { describe, expect } from "bun:test";
import { killController, natsDown, nonFinite } from "./catalogue";
import { rise } from "./expectHandled";
import { faultTest } from "./faultTest";

const fast = { timeoutMs: 90_000, save: false };

describe("fault suite, fast subset", () => {
  faultTest(killController, fast);

  faultTest(natsDown, fast);

  faultTest(nonFinite, {
    ...fast,
    check: (r) => {
      expect(rise(r, "controller", "vrRejected")).toBeGreaterThan(0);
      expect(rise(r, "robot-bridge", "commandsRejected")).toBeGreaterThan(0);
      expect(rise(r, "recorder", "input.rejected")).toBeGreaterThan(0);
    },
  });
});
