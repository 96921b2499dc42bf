/** The bus and the robot fail: nats-server stopped and restarted, the robot backend stalls, errs, drops. */
import { describe, expect, test } from "bun:test";
import { natsDown, robotDrop, robotErrors, robotStall } from "./catalogue";
import { expectHandled, rise } from "./expectHandled";
import { runFault, saveRow } from "./runFault";

const TIMEOUT = 120_000;

describe("bus and robot faults", () => {
  test(
    natsDown.name,
    async () => {
      const r = await runFault(natsDown);
      saveRow(r);
      expectHandled(r, natsDown.recoverOn);
    },
    { timeout: TIMEOUT },
  );

  for (const def of [robotStall, robotErrors, robotDrop]) {
    test(
      def.name,
      async () => {
        const r = await runFault(def);
        saveRow(r);
        expectHandled(r, def.recoverOn);
        // The bridge counted the failure and reconnected by itself.
        expect(rise(r, "robot-bridge", "backend")).toBeGreaterThan(0);
        // While the robot was silent the controller predicted from its last target.
        expect(r.window.to - r.window.from).toBeGreaterThan(0);
      },
      { timeout: TIMEOUT },
    );
  }
});
