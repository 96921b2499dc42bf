import { expect, test } from "bun:test";
import type { LeaseWatch } from "@teleop/shared/LeaseWatch";
import type { LeaseView } from "@teleop/shared/lease";
import { createLogger, type Logger } from "@teleop/shared/log";
import { Counters } from "@teleop/shared/stats";
import { ControllerLease } from "./ControllerLease";

/** The KV edge of the lease: a free key whose writes fail (a refused subject times out) until `ok`. */
class FailingKv {
  ok = false;
  writes = 0;
  current: LeaseView = { state: "free" };
  onChange(): void {}
  async refresh(): Promise<void> {}
  async release(): Promise<void> {}
  async write(instance: string): Promise<void> {
    this.writes++;
    if (!this.ok) throw new Error("TIMEOUT");
    this.current = { state: "held", instance, seenAt: Date.now() };
  }
}

/** A logger that keeps its lines (level and message) for the test to read. */
function keptLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  return {
    lines,
    log: { debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") },
  };
}

function leaseOver(
  kv: FailingKv,
  log: Logger,
  connected: () => boolean,
  counters = new Counters(),
) {
  return new ControllerLease(kv as unknown as LeaseWatch, {
    instance: "c1",
    timeoutMs: 50,
    counters,
    log,
    connected,
    prepare: async () => {},
    onActive: () => {},
    onLost: () => {},
  });
}

test("a lease that cannot be written is failing (the controller reports degraded) until a write succeeds", async () => {
  const kv = new FailingKv();
  const counters = new Counters();
  const lease = leaseOver(kv, createLogger("test", "error"), () => true, counters);
  await lease.start();
  expect({ role: lease.role, failing: lease.failing }).toEqual({ role: "standby", failing: true });
  expect(counters.toJSON().leaseErrors).toBe(1);
  kv.ok = true;
  // The next try comes one timeout later (give a loaded machine time).
  for (let i = 0; i < 300 && lease.role !== "active"; i++) await Bun.sleep(10);
  expect({ role: lease.role, failing: lease.failing }).toEqual({ role: "active", failing: false });
  await lease.release();
});

test("a run of failed lease writes is logged once and counted each time; the recovery is logged", async () => {
  const kv = new FailingKv();
  const counters = new Counters();
  const { log, lines } = keptLog();
  const lease = leaseOver(kv, log, () => true, counters);
  await lease.start();
  // Each retry comes a timeout (50 ms) after the last.
  for (let i = 0; i < 300 && kv.writes < 3; i++) await Bun.sleep(10);
  expect(counters.toJSON().leaseErrors).toBeGreaterThanOrEqual(3);
  expect(lines.filter((l) => l.startsWith("warn lease write failed"))).toHaveLength(1);
  kv.ok = true;
  for (let i = 0; i < 300 && lease.role !== "active"; i++) await Bun.sleep(10);
  expect(lease.role).toBe("active");
  expect(lines.filter((l) => l === "info lease write succeeded again")).toHaveLength(1);
  await lease.release();
});

test("an active lease is not renewed while the connection is down, and is at the first tick after it", async () => {
  const kv = new FailingKv();
  kv.ok = true;
  let up = true;
  const lease = leaseOver(kv, createLogger("test", "error"), () => up);
  await lease.start();
  expect(lease.role).toBe("active");
  const taken = kv.writes;
  up = false;
  expect(lease.mayPublish()).toBe(false);
  await lease.renew();
  await lease.renew();
  expect(kv.writes).toBe(taken);
  up = true;
  await lease.renew();
  expect(kv.writes).toBe(taken + 1);
  expect(lease.mayPublish()).toBe(true);
  await lease.release();
});
