import { expect, test } from "bun:test";
import { ClockOffset } from "./ClockOffset";

test("page times shift by clock difference plus the quickest delivery", () => {
  // The page's clock runs 5000 ms behind; deliveries take 7, 3 and 12 ms.
  const c = new ClockOffset();
  expect(c.toLocal(1000, 6007)).toBe(6007);
  expect(c.toLocal(1011, 6014)).toBe(6014);
  // The smallest delay seen so far is 3 ms: 1022 + 5003.
  expect(c.toLocal(1022, 6034)).toBe(6025);
});

test("a sample never lands after its arrival, and reset forgets the old offset", () => {
  const c = new ClockOffset(2);
  c.toLocal(0, 100);
  c.toLocal(10, 120);
  // The 100 ms offset fell out of the two-sample window: offset is now 110.
  expect(c.toLocal(20, 200)).toBe(130);
  c.reset();
  expect(c.toLocal(5000, 300)).toBe(300);
});
