/**
 * Bad input on every subject and on the WebXR socket while the operator
 * holds still with the clutch in: nothing may move, nobody may crash, every
 * service that reads a subject counts what it refused.
 */
import { describe, expect } from "bun:test";
import {
  floodSubjects,
  fuzzedMsgpack,
  nonFinite,
  tenMegabytes,
  webxrBadFrames,
  webxrFlood,
  wrongTypes,
} from "./catalogue";
import { rise } from "./expectHandled";
import { faultTest } from "./faultTest";
import { FLOOD_RATE } from "./injectors";
import type { FaultResult } from "./runFault";

/** Every service that reads a subject refused and counted bad input there. */
function expectCounted(r: FaultResult): void {
  expect(rise(r, "controller", "vrRejected")).toBeGreaterThan(0);
  expect(rise(r, "controller", "robotRejected")).toBeGreaterThan(0);
  expect(rise(r, "robot-bridge", "commandsRejected")).toBeGreaterThan(0);
  expect(rise(r, "recorder", "input.rejected")).toBeGreaterThan(0);
}

describe("bad input on every subject", () => {
  for (const def of [fuzzedMsgpack, wrongTypes, nonFinite])
    faultTest(def, { check: expectCounted });

  faultTest(tenMegabytes, {
    check: (r) => {
      // The publisher was told each time: the server's max_payload is 1 MB.
      expect(r.facts.refused).toBe(r.facts.tried);
      expectCounted(r);
    },
  });

  faultTest(floodSubjects, {
    check: (r) => {
      // The flooder shares two cores with the whole stack: it aims at FLOOD_RATE and reports what it got.
      expect(r.facts.rate).toBeGreaterThan(0.5 * FLOOD_RATE);
      expectCounted(r);
      // Past a subject's budget the flood is shed undecoded: the recording misses no tick
      // but those lost while the stall probes saw the machine itself stop.
      expect(r.framesLost - r.machineTicks).toBe(0);
    },
  });
});

describe("bad input on the WebXR socket", () => {
  faultTest(webxrBadFrames, {
    check: (r) => expect(rise(r, "vr-ingest", "rejected.")).toBeGreaterThan(10),
  });

  faultTest(webxrFlood, {
    check: (r) => expect(rise(r, "vr-ingest", "webxr.closedForAbuse")).toBeGreaterThan(0),
  });
});
