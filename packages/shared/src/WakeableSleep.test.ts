import { expect, test } from "bun:test";
import { now } from "./clock";
import { WakeableSleep } from "./WakeableSleep";

test("until resolves at its time", async () => {
  const t0 = now();
  await new WakeableSleep().until(t0 + 30);
  expect(now() - t0).toBeGreaterThanOrEqual(25);
});

test("wake ends a long sleep at once", async () => {
  const sleep = new WakeableSleep();
  const t0 = now();
  const done = sleep.until(t0 + 60_000);
  setTimeout(() => sleep.wake(), 10);
  await done;
  expect(now() - t0).toBeLessThan(5_000);
});

test("wake with no sleep in progress is harmless", () => {
  expect(() => new WakeableSleep().wake()).not.toThrow();
});
