import { expect, test } from "bun:test";
import { periodStats } from "./HzTracker";
import { formatHz } from "./hzFormat";

test("the hz table shows rate, period spread and age per subject", () => {
  const lines = formatHz([periodStats("teleop.vr.state", [0, 10, 30, 60], 5)], 5000).split("\n");
  expect(lines[0]).toMatch(/^SUBJECT\s+RATE Hz\s+MIN ms\s+MAX ms\s+STD ms\s+AGE ms\s+N \(5s\)$/);
  expect(lines[1]).toMatch(/^teleop\.vr\.state\s+50\.00\s+10\.0\s+30\.0\s+8\.16\s+5\s+4$/);
  expect(formatHz([periodStats("a", [1], 0)], 5000)).toMatch(/^SUBJECT.*\na\s+0\.00\s+-\s+-\s+-/);
  expect(formatHz([], 5000)).toBe("no messages yet");
});
