/** The bus and the robot fail: nats-server stopped and restarted, the robot backend stalls, errs, drops. */
import { describe, expect } from "bun:test";
import { natsDown, robotDrop, robotErrors, robotStall } from "./catalogue";
import { rise } from "./expectHandled";
import { faultTest } from "./faultTest";

describe("bus and robot faults", () => {
  faultTest(natsDown);

  for (const def of [robotStall, robotErrors, robotDrop]) {
    faultTest(def, {
      check: (r) => {
        // The bridge counted the failure and reconnected by itself.
        expect(rise(r, "robot-bridge", "backend")).toBeGreaterThan(0);
        // While the robot was silent the controller predicted from its last target.
        expect(r.window.to - r.window.from).toBeGreaterThan(0);
      },
    });
  }
});
