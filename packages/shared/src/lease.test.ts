import { describe, expect, test } from "bun:test";
import { commandFromHolder, type LeaseView, leaseTimeoutMs, mayTakeLease } from "./lease";

const held: LeaseView = { state: "held", instance: "ctl-a", seenAt: 1000 };

describe("controller lease rules", () => {
  test("timeout: two control intervals (100 ms at 20 Hz, 50 ms at 40 Hz), never under 50 ms", () => {
    expect(leaseTimeoutMs(20)).toBe(100);
    expect(leaseTimeoutMs(40)).toBe(50);
    expect(leaseTimeoutMs(10)).toBe(200);
    expect(leaseTimeoutMs(1000)).toBe(50);
  });

  test("once the lease is held the bridge applies commands only from the holder", () => {
    expect(commandFromHolder("ctl-a", held)).toBe(true);
    expect(commandFromHolder("ctl-b", held)).toBe(false);
    expect(commandFromHolder(undefined, held)).toBe(false);
  });

  test("with no lease at all (no KV, or never taken) there is nothing to check: any command passes", () => {
    expect(commandFromHolder("ctl-b", { state: "off" })).toBe(true);
    expect(commandFromHolder(undefined, { state: "off" })).toBe(true);
    expect(commandFromHolder("ctl-a", { state: "free" })).toBe(true);
  });

  test("a standby takes a free lease at once, a held one only after it stood still for the timeout", () => {
    expect(mayTakeLease({ state: "free" }, 0, 100)).toBe(true);
    expect(mayTakeLease(held, 1100, 100)).toBe(false);
    expect(mayTakeLease(held, 1100.5, 100)).toBe(true);
    expect(mayTakeLease({ state: "off" }, 1e9, 100)).toBe(false);
  });
});
