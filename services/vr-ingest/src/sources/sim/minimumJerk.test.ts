import { expect, test } from "bun:test";
import { minimumDuration, minimumJerk, PEAK_ACCEL_FACTOR, PEAK_SPEED_FACTOR } from "./minimumJerk";

test("ends at 0 and 1, half way at the middle, clamped outside", () => {
  expect(minimumJerk(0)).toBe(0);
  expect(minimumJerk(1)).toBe(1);
  expect(minimumJerk(0.5)).toBeCloseTo(0.5, 12);
  // 10/64 - 15/256 + 6/1024 = 0.103515625
  expect(minimumJerk(0.25)).toBeCloseTo(0.103515625, 12);
  expect(minimumJerk(-1)).toBe(0);
  expect(minimumJerk(2)).toBe(1);
});

test("never exceeds 1 just below tau = 1 (the polynomial rounds to 1 + 2e-15 there)", () => {
  // 1 - 1e-7 * i for i = 1..10000 covers values that round above 1 (found by a random scan).
  let max = 0;
  for (let i = 1; i <= 10_000; i++) max = Math.max(max, minimumJerk(1 - 1e-7 * i));
  expect(max).toBeLessThanOrEqual(1);
});

test("peak speed and acceleration factors match the numeric derivatives", () => {
  const h = 1e-4;
  let vMax = 0;
  let aMax = 0;
  for (let tau = h; tau < 1 - h; tau += h) {
    const v = (minimumJerk(tau + h) - minimumJerk(tau - h)) / (2 * h);
    const a = (minimumJerk(tau + h) - 2 * minimumJerk(tau) + minimumJerk(tau - h)) / (h * h);
    vMax = Math.max(vMax, v);
    aMax = Math.max(aMax, Math.abs(a));
  }
  expect(vMax).toBeCloseTo(PEAK_SPEED_FACTOR, 4);
  expect(aMax).toBeCloseTo(PEAK_ACCEL_FACTOR, 3);
});

test("minimum duration: speed-bound for long moves, acceleration-bound for short ones", () => {
  // 1 m at 1 m/s: 1.875 s; the acceleration bound (5 m/s^2) would allow sqrt(5.7735/5) = 1.07 s.
  expect(minimumDuration(1, 1, 5)).toBeCloseTo(1.875, 9);
  // 0.01 m: speed allows 0.01875 s, acceleration needs sqrt(0.057735/5) = 0.10746 s.
  expect(minimumDuration(0.01, 1, 5)).toBeCloseTo(Math.sqrt(0.057735 / 5), 4);
  expect(minimumDuration(0, 1, 5)).toBe(0);
});
