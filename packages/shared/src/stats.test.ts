import { expect, test } from "bun:test";
import { RollingWindow } from "./stats";

test("at(i) reads the window oldest first, the same as values(), after the ring wraps", () => {
  const w = new RollingWindow(4);
  for (const x of [1, 2, 3]) w.push(x);
  expect([0, 1, 2].map((i) => w.at(i))).toEqual([1, 2, 3]);
  for (const x of [4, 5, 6]) w.push(x);
  expect(w.values()).toEqual([3, 4, 5, 6]);
  expect([0, 1, 2, 3].map((i) => w.at(i))).toEqual(w.values());
});
