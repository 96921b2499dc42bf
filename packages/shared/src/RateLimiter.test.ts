import { expect, test } from "bun:test";
import { RateLimiter } from "./RateLimiter";

test("one report per key per interval, carrying the count suppressed in between", () => {
  const r = new RateLimiter(1000);
  expect(r.take("jump", 0)).toBe(0);
  expect(r.take("jump", 10)).toBeUndefined();
  expect(r.take("jump", 999)).toBeUndefined();
  expect(r.take("nonfinite", 500)).toBe(0);
  expect(r.take("jump", 1000)).toBe(2);
  expect(r.take("jump", 1500)).toBeUndefined();
  expect(r.take("jump", 2000)).toBe(1);
});
