/**
 * Bad input on every subject and on the WebXR socket while the operator
 * holds still with the clutch in: nothing may move, nobody may crash, every
 * service that reads a subject counts what it refused.
 */
import { describe, expect, test } from "bun:test";
import {
  floodSubjects,
  fuzzedMsgpack,
  nonFinite,
  tenMegabytes,
  webxrBadFrames,
  webxrFlood,
  wrongTypes,
} from "./catalogue";
import { expectHandled, rise } from "./expectHandled";
import { FLOOD_RATE } from "./injectors";
import type { FaultResult } from "./runFault";
import { runFault, saveRow } from "./runFault";

const TIMEOUT = 120_000;

/** Every service that reads a subject refused and counted bad input there. */
function expectCounted(r: FaultResult): void {
  expect(rise(r, "controller", "vrRejected")).toBeGreaterThan(0);
  expect(rise(r, "controller", "robotRejected")).toBeGreaterThan(0);
  expect(rise(r, "robot-bridge", "commandsRejected")).toBeGreaterThan(0);
  expect(rise(r, "recorder", "input.rejected")).toBeGreaterThan(0);
}

describe("bad input on every subject", () => {
  for (const def of [fuzzedMsgpack, wrongTypes, nonFinite]) {
    test(
      def.name,
      async () => {
        const r = await runFault(def);
        saveRow(r);
        expectHandled(r, def.recoverOn);
        expectCounted(r);
      },
      { timeout: TIMEOUT },
    );
  }

  test(
    tenMegabytes.name,
    async () => {
      const r = await runFault(tenMegabytes);
      saveRow(r);
      expectHandled(r, tenMegabytes.recoverOn);
      // The publisher was told each time: the server's max_payload is 1 MB.
      expect(r.facts.refused).toBe(r.facts.tried);
      expectCounted(r);
    },
    { timeout: TIMEOUT },
  );

  test(
    floodSubjects.name,
    async () => {
      const r = await runFault(floodSubjects);
      saveRow(r);
      expectHandled(r, floodSubjects.recoverOn);
      // The flooder shares two cores with the whole stack: it aims at FLOOD_RATE and reports what it got.
      expect(r.facts.rate).toBeGreaterThan(0.5 * FLOOD_RATE);
      expectCounted(r);
    },
    { timeout: TIMEOUT },
  );
});

describe("bad input on the WebXR socket", () => {
  test(
    webxrBadFrames.name,
    async () => {
      const r = await runFault(webxrBadFrames);
      saveRow(r);
      expectHandled(r, webxrBadFrames.recoverOn);
      expect(rise(r, "vr-ingest", "rejected.")).toBeGreaterThan(10);
    },
    { timeout: TIMEOUT },
  );

  test(
    webxrFlood.name,
    async () => {
      const r = await runFault(webxrFlood);
      saveRow(r);
      expectHandled(r, webxrFlood.recoverOn);
      expect(rise(r, "vr-ingest", "webxr.closedForAbuse")).toBeGreaterThan(0);
    },
    { timeout: TIMEOUT },
  );
});
