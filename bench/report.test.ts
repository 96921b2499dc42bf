import { describe, expect, test } from "bun:test";
import { formatTable } from "./report";

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
