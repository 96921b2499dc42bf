import { expect, test } from "bun:test";
import { ageText, badgeText, counterLabel, headerState, readableCounters } from "./format";

test("ages and badges", () => {
  expect(ageText(12.4)).toBe("12 ms");
  expect(ageText(3210)).toBe("3.2 s");
  expect(ageText(240_000)).toBe("4 min");
  expect(ageText(null)).toBe("-");
  expect(badgeText({ state: "live", ageMs: 12, source: "controller" })).toBe("live · 12 ms");
  expect(badgeText({ state: "stale", ageMs: 1500, source: "controller" })).toBe(
    "stale · 1.5 s old",
  );
  expect(badgeText({ state: "down", ageMs: 4000, source: "controller" })).toBe("controller down");
  expect(badgeText({ state: "none", ageMs: null, source: "vr-ingest" })).toBe("no data");
});

test("counters read as words, non-zero first, zeros counted", () => {
  expect(counterLabel("rejectedInput")).toBe("rejected input");
  expect(counterLabel("stale_vr")).toBe("stale vr");
  expect(readableCounters({ rejected: 2, commandsPublished: 12345, late: 0, drops: 0 })).toEqual({
    shown: [
      { label: "commands published", value: "12,345" },
      { label: "rejected", value: "2" },
    ],
    zero: 2,
  });
});

test("the header says live only when nothing is stale or down", () => {
  const live = { state: "live" as const, ageMs: 5, source: "controller" };
  expect(headerState({ control: live }, [])).toEqual({ text: "live", live: true });
  expect(
    headerState(
      {
        control: { state: "down", ageMs: 4000, source: "controller" },
        command: { state: "down", ageMs: 4000, source: "controller" },
        robot: { state: "stale", ageMs: 1200, source: "robot-bridge" },
      },
      ["controller"],
    ),
  ).toEqual({ text: "degraded: controller down, robot stale", live: false });
});
