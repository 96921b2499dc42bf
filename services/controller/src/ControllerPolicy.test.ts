import { describe, expect, test } from "bun:test";
import type { Role } from "@teleop/shared/lease";
import { createLogger } from "@teleop/shared/log";
import type { ControlStatus, RobotCommand } from "@teleop/shared/messages";
import { Counters } from "@teleop/shared/stats";
import type { Loaded } from "./CalibrationStore";
import { ControllerCore } from "./ControllerCore";
import { type CalibrationPort, ControllerPolicy, type LeasePort } from "./ControllerPolicy";
import type { CalibrationRecord } from "./calibrationRecord";
import { testCoreOptions } from "./testCoreOptions";

class FakeLease implements LeasePort {
  role: Role = "active";
  leased = true;
  renewals = 0;
  publishedAt: number[] = [];
  renew(): Promise<unknown> {
    this.renewals++;
    return Promise.resolve();
  }
  mayPublish(): boolean {
    return this.role === "active" && this.leased;
  }
  published(t: number): void {
    this.publishedAt.push(t);
  }
}

class MemoryStore implements CalibrationPort {
  saved: (CalibrationRecord | null)[] = [];
  loaded: Loaded = { found: false };
  failLoad = false;
  load(): Promise<Loaded> {
    return this.failLoad ? Promise.reject(new Error("kv down")) : Promise.resolve(this.loaded);
  }
  save(record: CalibrationRecord | null): Promise<void> {
    this.saved.push(record);
    return Promise.resolve();
  }
}

function rig() {
  const counters = new Counters();
  const log = createLogger("policy-test", "error");
  const core = new ControllerCore(testCoreOptions(counters, { log }));
  const lease = new FakeLease();
  const store = new MemoryStore();
  const published: { command: RobotCommand; status: ControlStatus }[] = [];
  const policy = new ControllerPolicy({
    core,
    store,
    lease: () => lease,
    publish: (command, status) => published.push({ command, status }),
    clock: () => 1_000_000,
    counters,
    log,
  });
  return { core, lease, store, published, policy, counters };
}

describe("controller policy", () => {
  test("the lease holder publishes each tick; a standby computes but stays silent", async () => {
    const r = rig();
    await r.policy.tick(20);
    expect(r.published).toHaveLength(1);
    expect(r.policy.lastStatus).toEqual(r.published[0]!.status);
    r.lease.role = "standby";
    await r.policy.tick(20);
    expect(r.published).toHaveLength(1);
    expect(r.policy.lastStatus?.seq).toBe(r.published[0]!.status.seq + 1);
    expect(r.counters.get("ticksWithoutLease")).toBe(0);
    // The active's command is its heartbeat (told to the lease); the standby's silence is not.
    expect(r.lease.publishedAt).toEqual([1_000_000]);
  });

  test("a live lease is not written (the commands keep it); one that lapsed is renewed before anything is published", async () => {
    const r = rig();
    const order: string[] = [];
    r.lease.renew = () => {
      order.push("renew");
      return Promise.resolve();
    };
    const publish = r.published.push.bind(r.published);
    r.published.push = (...items) => {
      order.push("publish");
      return publish(...items);
    };
    await r.policy.tick(20);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["publish"]);
    let renewed = false;
    r.lease.renew = () => {
      order.push("renew");
      renewed = true;
      return Promise.resolve();
    };
    r.lease.mayPublish = () => renewed;
    order.length = 0;
    await r.policy.tick(20);
    expect(order).toEqual(["renew", "publish"]);
  });

  test("active without a confirmed lease: nothing published, the tick counted", async () => {
    const r = rig();
    r.lease.leased = false;
    await r.policy.tick(20);
    expect(r.published).toHaveLength(0);
    expect(r.counters.get("ticksWithoutLease")).toBe(1);
  });

  test("only the active stores calibration changes", async () => {
    const r = rig();
    r.lease.role = "standby";
    await r.policy.persist({ record: null });
    expect(r.store.saved).toEqual([]);
    r.lease.role = "active";
    await r.policy.persist({ record: null });
    await r.policy.persist(undefined);
    expect(r.store.saved).toEqual([null]);
  });

  test("a takeover with an unreadable store keeps this instance's calibration and counts it", async () => {
    const r = rig();
    r.store.failLoad = true;
    await r.policy.prepareTakeover();
    expect(r.counters.get("kvErrors")).toBe(1);
    r.store.failLoad = false;
    r.store.loaded = { found: true, error: "bad msgpack" };
    await r.policy.prepareTakeover();
    expect(r.counters.get("kvErrors")).toBe(2);
    expect(r.core.calibration.calibrated).toBe(false);
  });
});
