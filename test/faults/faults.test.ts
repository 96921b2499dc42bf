/**
 * The fast subset of the fault suite that `make test` runs: a service killed
 * and restarted, the bus going away, and bad input on every subject. The full
 * suite (every fault, the table in RELIABILITY.md) is `make faults`.
 */
import { describe, expect, test } from "bun:test";
import { killController, natsDown, nonFinite } from "./catalogue";
import { expectHandled, rise } from "./expectHandled";
import { runFault } from "./runFault";

const TIMEOUT = 90_000;

describe("fault suite, fast subset", () => {
  test(
    killController.name,
    async () => {
      const r = await runFault(killController);
      expectHandled(r, killController.recoverOn);
    },
    { timeout: TIMEOUT },
  );

  test(
    natsDown.name,
    async () => {
      const r = await runFault(natsDown);
      expectHandled(r, natsDown.recoverOn);
    },
    { timeout: TIMEOUT },
  );

  test(
    nonFinite.name,
    async () => {
      const r = await runFault(nonFinite);
      expectHandled(r, nonFinite.recoverOn);
      expect(rise(r, "controller", "vrRejected")).toBeGreaterThan(0);
      expect(rise(r, "robot-bridge", "commandsRejected")).toBeGreaterThan(0);
      expect(rise(r, "recorder", "input.rejected")).toBeGreaterThan(0);
    },
    { timeout: TIMEOUT },
  );
});
