import { expect, test } from "bun:test";
import { BadFrameMeter } from "./BadFrameMeter";

test("over the limit within one second trips; spread over time does not", () => {
  const m = new BadFrameMeter(3);
  expect([0, 100, 200].map((t) => m.mark(t))).toEqual([false, false, false]);
  expect(m.mark(300)).toBe(true);

  const slow = new BadFrameMeter(3);
  expect([0, 400, 800, 1200, 1600, 2000].some((t) => slow.mark(t))).toBe(false);
});
