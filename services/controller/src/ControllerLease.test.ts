import { expect, test } from "bun:test";
import type { LeaseWatch } from "@teleop/shared/LeaseWatch";
import type { LeaseView } from "@teleop/shared/lease";
import { createLogger } from "@teleop/shared/log";
import { Counters } from "@teleop/shared/stats";
import { ControllerLease } from "./ControllerLease";

/** The KV edge of the lease: a free key whose writes fail (a refused subject times out) until `ok`. */
class FailingKv {
  ok = false;
  current: LeaseView = { state: "free" };
  onChange(): void {}
  async refresh(): Promise<void> {}
  async release(): Promise<void> {}
  async write(instance: string): Promise<void> {
    if (!this.ok) throw new Error("TIMEOUT");
    this.current = { state: "held", instance, seenAt: Date.now() };
  }
}

test("a lease that cannot be written is failing (the controller reports degraded) until a write succeeds", async () => {
  const kv = new FailingKv();
  const counters = new Counters();
  const lease = new ControllerLease(kv as unknown as LeaseWatch, {
    instance: "c1",
    timeoutMs: 50,
    counters,
    log: createLogger("test", "error"),
    connected: () => true,
    prepare: async () => {},
    onActive: () => {},
    onLost: () => {},
  });
  await lease.start();
  expect({ role: lease.role, failing: lease.failing }).toEqual({ role: "standby", failing: true });
  expect(counters.toJSON().leaseErrors).toBe(1);
  kv.ok = true;
  // The next try comes one timeout later (give a loaded machine time).
  for (let i = 0; i < 300 && lease.role !== "active"; i++) await Bun.sleep(10);
  expect({ role: lease.role, failing: lease.failing }).toEqual({ role: "active", failing: false });
  await lease.release();
});
