import { expect, test } from "bun:test";
import { fixed, renderTable } from "./table";

test("columns are padded to the widest cell and trailing space is trimmed", () => {
  const out = renderTable(
    ["name", "hz"],
    [
      ["controller", "20.0"],
      ["vr", "50"],
    ],
  );
  expect(out.split("\n")).toEqual(["name        hz", "controller  20.0", "vr          50"]);
});

test("fixed prints a dash for missing or non-finite numbers", () => {
  expect(fixed(1.23456, 2)).toBe("1.23");
  expect(fixed(null, 1)).toBe("-");
  expect(fixed(undefined, 1)).toBe("-");
  expect(fixed(Number.NaN, 1)).toBe("-");
});
