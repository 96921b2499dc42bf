import { expect, test } from "bun:test";
import { failedTests, markdownTable, motionText, reliabilityMarkdown, textTable } from "./report";
import type { FaultResult } from "./runFault";

function row(over: Partial<FaultResult>): FaultResult {
  return {
    name: "kill -9 controller, restart",
    slug: "kill-controller",
    motionRule: "still",
    window: { from: 1000, to: 1500 },
    endedAt: 1010,
    needsRecovery: true,
    recoveryMs: 366,
    motion: { movingCommands: 0, targetShiftM: 0 },
    armShiftM: 0.0004,
    lateApplied: 0,
    recordings: [],
    gapTicks: 0,
    framesLost: 0,
    machineTicks: 0,
    stalls: [],
    alive: {},
    healthAgeMs: {},
    countersBefore: {},
    countersAfter: {},
    exitCodes: {},
    facts: {},
    notes: ["down 258 ms (kill to ready)"],
    ...over,
  };
}

/** The page for one passing row: where its notes show. */
function notesOf(r: FaultResult): string {
  return reliabilityMarkdown([r], {
    date: "d",
    machine: "m",
    passed: true,
    durationS: 1,
    failed: [],
    missing: [],
  });
}

test("a row reads: recovery in seconds, frames lost, motion with the arm's shift in mm", () => {
  const md = markdownTable([row({})], []);
  expect(md.split("\n")[2]).toBe(
    "| kill -9 controller, restart | 0.37 s | 0 | none (arm 0.4 mm) | pass |",
  );
});

test("the recorder kill shows its documented gap apart from ticks skipped under load", () => {
  const r = row({
    name: "kill -9 recorder, restart",
    gapTicks: 57,
    framesLost: 60,
    motionRule: "drives",
  });
  const line = markdownTable([r], ["kill -9 recorder, restart"]).split("\n")[2]!;
  expect(line).toContain("57 in the documented gap, +3 skipped under load");
  expect(line).toContain("keeps following (0 moving commands)");
  expect(line.endsWith("| FAIL |")).toBe(true);
});

test("frames lost outside a documented gap are the ticks a loaded machine skipped", () => {
  expect(markdownTable([row({ framesLost: 12 })], []).split("\n")[2]).toContain(
    "| 0 (+12 skipped under load) |",
  );
});

test("ticks lost in a stall the probes saw are the machine's, apart from the rest", () => {
  const line = (over: Partial<FaultResult>) => markdownTable([row(over)], []).split("\n")[2];
  expect(line({ framesLost: 1, machineTicks: 1 })).toContain("| 0 (+1 in machine stalls) |");
  expect(line({ framesLost: 3, machineTicks: 1 })).toContain(
    "| 0 (+2 skipped under load, +1 in machine stalls) |",
  );
  expect(line({ framesLost: 60, gapTicks: 57, machineTicks: 1 })).toContain(
    "| 57 in the documented gap, +2 skipped under load, +1 in machine stalls |",
  );
});

test("notes say what the stall probes saw", () => {
  const md = notesOf(
    row({
      notes: ["n"],
      stalls: [
        { at: 300, ms: 12 },
        { at: 4000, ms: 31 },
      ],
    }),
  );
  expect(md).toContain(
    "n; the stall probes saw 2 machine stalls (longest 31 ms at 4000 ms from the fault)",
  );
});

test("motion text per rule: moving commands, target shift, predictive", () => {
  expect(motionText(row({ motion: { movingCommands: 3, targetShiftM: 0.01 } }))).toBe(
    "3 moving commands",
  );
  expect(
    motionText(
      row({ motionRule: "targetUnchanged", motion: { movingCommands: 40, targetShiftM: 0.0002 } }),
    ),
  ).toBe("target 0.2 mm, arm 0.4 mm");
  expect(
    motionText(
      row({ motionRule: "predictive", motion: { movingCommands: 22, targetShiftM: 0.08 } }),
    ),
  ).toBe("predictive (22 moving commands)");
  expect(motionText(row({ recoveryMs: null }))).toBe("none (arm 0.4 mm)");
});

test("the text table pads columns to the widest cell", () => {
  const lines = textTable(
    [row({}), row({ name: "x", needsRecovery: false, recoveryMs: null })],
    [],
  ).split("\n");
  expect(lines).toHaveLength(4);
  expect(lines[0]!.indexOf("recovery time")).toBe(lines[2]!.indexOf("0.37 s"));
  expect(lines[3]).toContain("none needed");
  expect(textTable([row({ recoveryMs: null })], [])).toContain("did not recover");
});

test("failed tests are read from bun's junit report", () => {
  const xml = `<testsuite name="d">
    <testcase name="ok one" classname="d" time="0.1" />
    <testcase name="WebXR socket: 10 MB frame, 10 000 frames/s flood" classname="d" time="1">
      <failure type="AssertionError" message="x">boom</failure>
    </testcase>
    <testcase name="fuzzed &amp; more" classname="d" time="1"><failure message="y"/></testcase>
  </testsuite>`;
  expect(failedTests(xml)).toEqual([
    "WebXR socket: 10 MB frame, 10 000 frames/s flood",
    "fuzzed & more",
  ]);
});

test("RELIABILITY.md carries the date, the machine, the verdict and the notes", () => {
  const md = reliabilityMarkdown([row({})], {
    date: "2026-11-25 14:00:00 UTC",
    machine: "2 cores",
    passed: true,
    durationS: 300,
    failed: [],
    missing: [],
  });
  expect(md).toContain("2026-11-25 14:00:00 UTC, 2 cores");
  expect(md).toContain("1 faults, all passed, 300 s");
  expect(md).toContain("- **kill -9 controller, restart**: down 258 ms (kill to ready)");
});

test("notes list the short holes under load", () => {
  const rec = {
    path: "/r/x.mcap",
    valid: true,
    errors: [],
    recovered: false,
    frames: 400,
    dropped: 0,
    ticksLost: 3,
    machineTicks: 0,
    longestGapMs: 90,
    holes: [
      { at: -500, ms: 50 },
      { at: 9000, ms: 90 },
    ],
    firstTick: 0,
    lastTick: 10_000,
  };
  const md = notesOf(row({ notes: ["n"], recordings: [rec] }));
  expect(md).toContain("n; 2 short holes under load (longest 90 ms at 9000 ms from the fault)");
});
