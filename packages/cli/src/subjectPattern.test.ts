import { expect, test } from "bun:test";
import { checkSubjectPattern, subjectPatternError } from "./subjectPattern";

test("valid patterns pass", () => {
  for (const p of ["teleop.>", "teleop.robot.state", "teleop.*.state", ">", "rig-2.health.*"]) {
    expect(subjectPatternError(p)).toBeUndefined();
  }
});

test("bad patterns are named with the reason", () => {
  expect(subjectPatternError("teleop..bad")).toMatch(/empty token/);
  expect(subjectPatternError(".teleop")).toMatch(/empty token/);
  expect(subjectPatternError("teleop.")).toMatch(/empty token/);
  expect(subjectPatternError("")).toMatch(/empty/);
  expect(subjectPatternError("teleop.>.x")).toMatch(/last token/);
  expect(subjectPatternError("teleop.ro*")).toMatch(/whole tokens/);
  expect(subjectPatternError("teleop robot")).toMatch(/white space/);
  expect(() => checkSubjectPattern("teleop..bad")).toThrow(/^bad subject: .*teleop\.robot\.>/);
});
