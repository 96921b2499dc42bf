/**
 * The controller lease over a real nats-server, in one process: LeaseWatch
 * (the key as the robot bridge sees it) and ControllerLease (acquire, keep
 * alive by commands, take over, hand over) for several would-be controllers,
 * each on its own connection. Ticks are driven by timers at 20 Hz like the
 * control loop; each publishes a real RobotCommand when it may, and every
 * candidate hears the others' commands as main.ts wires it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { LeaseWatch } from "@teleop/shared/LeaseWatch";
import { CONTROLLER_LEASE_KEY, leaseTimeoutMs } from "@teleop/shared/lease";
import { createLogger } from "@teleop/shared/log";
import { RobotCommandMsg } from "@teleop/shared/messages";
import { Counters } from "@teleop/shared/stats";
import { ControllerLease } from "../../services/controller/src/ControllerLease";
import { testBus, waitFor } from "../support/bus";
import { robotCommand } from "../support/fixtures";
import { NatsServer } from "../support/natsServer";

const HZ = 20;
const TIMEOUT = leaseTimeoutMs(HZ);

/** One would-be controller: its own connection, lease and 20 Hz tick that records when it may publish. */
class Candidate {
  readonly counters = new Counters();
  lease!: ControllerLease;
  watch!: LeaseWatch;
  bus!: Bus;
  prepared = 0;
  activated = 0;
  lost: Array<string | undefined> = [];
  /** Ticks at which this candidate published, by time. */
  readonly published: number[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private deaf = false;

  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly prefix: string,
  ) {}

  async start(): Promise<void> {
    this.bus = await testBus(this.url, this.name, this.prefix);
    this.watch = await LeaseWatch.open(this.bus);
    this.bus.subscribe(this.bus.subjects.robotCommand, RobotCommandMsg, (cmd) => {
      if (!this.deaf) this.watch.heard(cmd.instance, now());
    });
    this.lease = new ControllerLease(this.watch, {
      instance: this.name,
      timeoutMs: TIMEOUT,
      counters: this.counters,
      log: createLogger(this.name, "error"),
      connected: () => this.bus.connected,
      prepare: async () => {
        this.prepared++;
      },
      onActive: () => {
        this.activated++;
      },
      onLost: (holder) => this.lost.push(holder),
    });
    await this.lease.start();
    this.resume();
  }

  /** Tick like ControllerPolicy: renew only when it may not publish, then publish a command if it may. */
  resume(): void {
    this.deaf = false;
    this.timer = setInterval(async () => {
      if (!this.lease.mayPublish()) await this.lease.renew();
      const t = now();
      if (!this.lease.mayPublish(t)) return;
      this.bus.publish(
        this.bus.subjects.robotCommand,
        robotCommand(this.published.length, t, { instance: this.name }),
      );
      this.lease.published(t);
      this.published.push(t);
    }, 1000 / HZ);
  }

  /** A process that hangs: no ticks, no commands, and it hears nothing either. */
  freeze(): void {
    clearInterval(this.timer);
    this.deaf = true;
    this.watch.stop();
  }

  async stop(release: boolean): Promise<void> {
    clearInterval(this.timer);
    if (release) await this.lease.release();
    this.watch.stop();
    await this.bus.close();
  }
}

/** Whether two candidates' publishing ever overlapped: no tick of one between two of the other. */
function interleaved(a: number[], b: number[]): boolean {
  const merged = [...a.map((t) => ({ t, who: "a" })), ...b.map((t) => ({ t, who: "b" }))].sort(
    (x, y) => x.t - y.t,
  );
  let switches = 0;
  for (let i = 1; i < merged.length; i++) if (merged[i]!.who !== merged[i - 1]!.who) switches++;
  return switches > 1;
}

describe("controller lease over NATS KV", () => {
  let server: NatsServer;
  let rig = 0;
  const prefix = () => `lease${++rig}`;

  beforeAll(async () => {
    server = await NatsServer.start();
  });
  afterAll(async () => {
    await server.dispose();
  });

  test("the first candidate takes a free lease; a second stays standby while the first's commands flow, the key untouched", async () => {
    const p = prefix();
    const a = new Candidate("ctl-a", server.url, p);
    const b = new Candidate("ctl-b", server.url, p);
    await a.start();
    await b.start();
    expect(a.lease.role).toBe("active");
    expect(b.lease.role).toBe("standby");
    const kv = await a.bus.kv(a.watch.bucket, { history: 1 });
    const taken = await kv.get(CONTROLLER_LEASE_KEY);
    await Bun.sleep(600);
    expect(b.published).toHaveLength(0);
    expect(a.published.length).toBeGreaterThan(5);
    expect(b.watch.current).toMatchObject({ state: "held", instance: "ctl-a" });
    // The commands were the heartbeat: the key was written once, at the take.
    expect((await kv.get(CONTROLLER_LEASE_KEY))?.revision).toBe(taken!.revision);
    await a.stop(false);
    await b.stop(false);
  });

  test("the active freezes: the standby takes over after the timeout, once; the frozen one, waking, yields without publishing", async () => {
    const p = prefix();
    const a = new Candidate("ctl-a", server.url, p);
    const b = new Candidate("ctl-b", server.url, p);
    await a.start();
    await b.start();
    await Bun.sleep(300);
    a.freeze();
    const frozenAt = now();
    expect(await waitFor(() => b.lease.role === "active", 2000, 2)).toBe(true);
    const tookMs = now() - frozenAt;
    expect(tookMs).toBeGreaterThanOrEqual(TIMEOUT - 1000 / HZ);
    expect(b.prepared).toBe(1);
    expect(b.activated).toBe(1);
    // a wakes up still believing it is active (its watch heard nothing): its next renewal fails the compare-and-set.
    a.resume();
    expect(await waitFor(() => a.lease.role === "standby", 2000)).toBe(true);
    expect(a.lost).toEqual(["ctl-b"]);
    await Bun.sleep(300);
    expect(interleaved(a.published, b.published)).toBe(false);
    expect(b.published.length).toBeGreaterThan(3);
    expect(a.counters.get("leaseConflicts")).toBeGreaterThanOrEqual(1);
    console.log(`lease: standby took over ${tookMs.toFixed(0)} ms after the active froze`);
    await a.stop(false);
    await b.stop(false);
  });

  test("a graceful stop releases the lease: the standby takes it at once, well before the timeout", async () => {
    const p = prefix();
    const a = new Candidate("ctl-a", server.url, p);
    const b = new Candidate("ctl-b", server.url, p);
    await a.start();
    await b.start();
    await Bun.sleep(200);
    const t0 = now();
    await a.stop(true);
    expect(await waitFor(() => b.lease.role === "active", 2000, 2)).toBe(true);
    expect(now() - t0).toBeLessThan(TIMEOUT);
    await b.stop(true);
  });

  test("three standbys race for a released lease: exactly one wins", async () => {
    const p = prefix();
    const first = new Candidate("ctl-0", server.url, p);
    await first.start();
    const others = ["ctl-1", "ctl-2", "ctl-3"].map((n) => new Candidate(n, server.url, p));
    for (const c of others) await c.start();
    await first.stop(true);
    expect(await waitFor(() => others.some((c) => c.lease.role === "active"), 2000)).toBe(true);
    await Bun.sleep(400);
    expect(others.filter((c) => c.lease.role === "active")).toHaveLength(1);
    expect(others.reduce((n, c) => n + c.activated, 0)).toBe(1);
    for (const c of others) await c.stop(false);
  });

  test("nats-server down for 2 s: nobody publishes meanwhile; afterwards exactly one drives again", async () => {
    const p = prefix();
    const a = new Candidate("ctl-a", server.url, p);
    const b = new Candidate("ctl-b", server.url, p);
    await a.start();
    await b.start();
    const readerBus = await testBus(server.url, "bridge", p);
    const reader = await LeaseWatch.open(readerBus);
    await Bun.sleep(300);
    await server.stop();
    const downAt = now();
    await Bun.sleep(2000);
    const upAt = now();
    await server.restart();
    const driving = () => [a, b].filter((c) => c.lease.mayPublish());
    expect(await waitFor(() => driving().length === 1, 5000)).toBe(true);
    const resumedMs = now() - upAt;
    await Bun.sleep(300);
    expect([a, b].filter((c) => c.lease.role === "active")).toHaveLength(1);
    const during = [...a.published, ...b.published].filter((t) => t > downAt + TIMEOUT && t < upAt);
    expect(during).toHaveLength(0);
    expect(interleaved(a.published, b.published)).toBe(false);
    console.log(
      `lease: publishing resumed ${resumedMs.toFixed(0)} ms after nats-server came back (${driving()[0]?.name})`,
    );
    // The reader's watch came back too: it follows a handover made after the restart.
    const [driver, heir] = a.lease.role === "active" ? [a, b] : [b, a];
    await driver.stop(true);
    expect(await waitFor(() => heir.lease.role === "active", 3000)).toBe(true);
    expect(
      await waitFor(
        () => reader.current.state === "held" && reader.current.instance === heir.name,
        5000,
      ),
    ).toBe(true);
    reader.stop();
    await readerBus.close();
    await heir.stop(false);
  }, 15_000);

  test("a reader (the robot bridge) follows the holder as it changes", async () => {
    const p = prefix();
    const bridgeBus = await testBus(server.url, "bridge", p);
    const reader = await LeaseWatch.open(bridgeBus);
    expect(reader.current).toEqual({ state: "free" });
    const a = new Candidate("ctl-a", server.url, p);
    await a.start();
    expect(await waitFor(() => reader.current.state === "held")).toBe(true);
    expect(reader.current).toMatchObject({ instance: "ctl-a" });
    await a.stop(true);
    expect(await waitFor(() => reader.current.state === "free")).toBe(true);
    reader.stop();
    await bridgeBus.close();
  });
});

describe("without JetStream", () => {
  test("the lease cannot be opened, and a controller without one is always active", async () => {
    const server = await NatsServer.start({ jetstream: false });
    const bus = await testBus(server.url);
    await expect(LeaseWatch.open(bus)).rejects.toThrow();
    const lease = new ControllerLease(undefined, {
      instance: "solo",
      timeoutMs: TIMEOUT,
      counters: new Counters(),
      log: createLogger("solo", "error"),
      connected: () => bus.connected,
      prepare: async () => undefined,
      onActive: () => undefined,
      onLost: () => undefined,
    });
    await lease.start();
    expect(lease.role).toBe("active");
    expect(lease.mayPublish()).toBe(true);
    expect(lease.leased).toBe(false);
    await bus.close();
    await server.dispose();
  });
});
