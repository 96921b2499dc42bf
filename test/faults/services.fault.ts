/** kill -9 and restart of each service during a recording. */
import { describe, test } from "bun:test";
import { killController, killRecorder, killRobotBridge, killVrIngest } from "./catalogue";
import { expectHandled, expectRecovered } from "./expectHandled";
import { runFault, saveRow } from "./runFault";

const TIMEOUT = 120_000;

describe("kill -9 and restart", () => {
  for (const def of [killVrIngest, killController, killRobotBridge]) {
    test(
      def.name,
      async () => {
        const r = await runFault(def);
        saveRow(r);
        expectHandled(r, def.recoverOn);
      },
      { timeout: TIMEOUT },
    );
  }

  test(
    killRecorder.name,
    async () => {
      const r = await runFault(killRecorder);
      saveRow(r);
      expectHandled(r, killRecorder.recoverOn);
      expectRecovered(r);
    },
    { timeout: TIMEOUT },
  );
});
