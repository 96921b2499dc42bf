import { expect, test } from "bun:test";
import { epochMsToNs, foxgloveTime, nsToEpochMs, rosTime } from "./time";

test("epoch ms to ns keeps sub-ms digits exactly", () => {
  expect(epochMsToNs(1_700_000_000_123.5)).toBe(1_700_000_000_123_500_000n);
  expect(nsToEpochMs(1_700_000_000_123_500_000n)).toBe(1_700_000_000_123.5);
});

test("time fields are integer seconds and nanoseconds", () => {
  expect(rosTime(1_700_000_000_123.5)).toEqual({ sec: 1_700_000_000, nanosec: 123_500_000 });
  expect(foxgloveTime(2_000.25)).toEqual({ sec: 2, nsec: 250_000 });
  expect(rosTime(999.9999999).nanosec).toBeLessThanOrEqual(999_999_999);
});
