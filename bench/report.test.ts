import { describe, expect, test } from "bun:test";
import { formatTable, TARGETS } from "./report";

describe("targets", () => {
  test("VR->command allows one 40 Hz control period plus 2 ms", () => {
    expect(TARGETS.vrToCommandP99Ms).toBe(27);
    expect(TARGETS.recordHz).toBe(40);
  });
});

describe("formatTable", () => {
  test("pads columns to the widest cell", () => {
    const t = formatTable(["a", "bb"], [["ccc", "d"]]);
    expect(t.split("\n")).toEqual(["a    bb", "---  --", "ccc  d"]);
  });

  test("markdown has pipes and a separator row", () => {
    const t = formatTable(["a", "bb"], [["ccc", "d"]], true);
    expect(t.split("\n")).toEqual(["| a   | bb |", "|-----|----|", "| ccc | d  |"]);
  });
});
