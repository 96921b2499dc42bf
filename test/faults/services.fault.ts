/** kill -9 and restart of each service during a recording. */
import { describe } from "bun:test";
import { killController, killRecorder, killRobotBridge, killVrIngest } from "./catalogue";
import { expectRecovered } from "./expectHandled";
import { faultTest } from "./faultTest";

describe("kill -9 and restart", () => {
  for (const def of [killVrIngest, killController, killRobotBridge]) faultTest(def);
  faultTest(killRecorder, { check: expectRecovered });
});
