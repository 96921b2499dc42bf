import { expect, test } from "bun:test";
import { HEALTHY_RUN_MS, MAX_DELAY_MS, RestartBackoff } from "./RestartBackoff";

test("quick deaths double the wait up to the ceiling; a healthy run resets it", () => {
  const b = new RestartBackoff();
  expect([1, 2, 3, 4, 5, 6, 7].map(() => b.next(100))).toEqual([
    500,
    1000,
    2000,
    4000,
    8000,
    MAX_DELAY_MS,
    MAX_DELAY_MS,
  ]);
  expect(b.next(HEALTHY_RUN_MS)).toBe(500);
  expect(b.next(10)).toBe(1000);
  expect(b.restarts).toBe(9);
});
