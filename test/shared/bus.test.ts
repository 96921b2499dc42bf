import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { HealthReporter } from "@teleop/shared/health";
import { FixedRateLoop } from "@teleop/shared/loop";
import {
  CalibrateReplyMsg,
  CalibrateRequestMsg,
  EventMsg,
  HealthMsg,
  type TeleopEvent,
  VrStateMsg,
} from "@teleop/shared/messages";
import { Counters } from "@teleop/shared/stats";
import { testBus, waitFor } from "../support/bus";
import { freePort, NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";

const vr = (seq: number) => ({ v: 1, seq, t: now(), source: "sim" });

describe("bus over a real nats-server", () => {
  let server: NatsServer;
  let pub: Bus;
  let sub: Bus;

  beforeAll(async () => {
    server = await NatsServer.start();
    pub = await testBus(server.url, "pub");
    sub = await testBus(server.url, "sub");
  });

  afterAll(async () => {
    await pub.close();
    await sub.close();
    await server.dispose();
  });

  test("keep-latest: a burst of 1000 leaves the last one (decoding only a flood's newest); age grows while nothing arrives; bad input is counted", async () => {
    const slot = sub.latest(sub.subjects.vrState, VrStateMsg);
    await sub.flush();
    for (let i = 1; i <= 1000; i++) pub.publish(pub.subjects.vrState, vr(i));
    await pub.flush();
    expect(await waitFor(() => slot.seq === 1000)).toBe(true);
    // Every message was either decoded or shed by the flood guard; the newest always gets in.
    expect(slot.counters.received + slot.counters.shed).toBe(1000);
    expect(slot.counters.shed).toBeGreaterThan(0);
    expect(slot.counters.outOfOrder).toBe(0);
    const a1 = slot.age()!;
    await Bun.sleep(120);
    const a2 = slot.age()!;
    expect(a2 - a1).toBeGreaterThanOrEqual(100);
    pub.publish(pub.subjects.vrState, { v: 1, seq: "bad" });
    await pub.flush();
    expect(await waitFor(() => slot.counters.rejected === 1)).toBe(true);
    expect(slot.seq).toBe(1000);
  });

  test("request/reply with typed, validated messages; invalid requests get an error reply", async () => {
    sub.serve(
      sub.subjects.controlCalibrate,
      CalibrateRequestMsg,
      () => ({ ok: true }),
      (reason) => ({ ok: false, error: reason }),
    );
    await sub.flush();
    expect(await pub.request(pub.subjects.controlCalibrate, {}, CalibrateReplyMsg)).toEqual({
      ok: true,
    });
    await expect(
      pub.request(`${pub.subjects.prefix}.nobody`, {}, CalibrateReplyMsg, 500),
    ).rejects.toThrow(/no service answers|failed/);
  });

  test("a flood of messages or requests is shed undecoded past the budget, counted; the next window is served", async () => {
    let events = 0;
    let served = 0;
    sub.subscribe(sub.subjects.events, EventMsg, () => events++);
    sub.serve(
      sub.subjects.recorderStatus,
      CalibrateRequestMsg,
      () => {
        served++;
        return { ok: true };
      },
      (reason) => ({ ok: false, error: reason }),
    );
    await sub.flush();
    const dropped = sub.floodDropped;
    const ev = { v: 1, t: now(), service: "pub", type: "x" };
    for (let i = 0; i < 1000; i++) {
      pub.publish(pub.subjects.events, ev);
      pub.publish(pub.subjects.recorderStatus, {});
    }
    await pub.flush();
    expect(await waitFor(() => events + served + sub.floodDropped - dropped === 2000)).toBe(true);
    expect(events).toBeLessThan(1000);
    expect(served).toBeLessThan(1000);
    await Bun.sleep(120);
    expect(await pub.request(pub.subjects.recorderStatus, {}, CalibrateReplyMsg)).toEqual({
      ok: true,
    });
  });

  test("events and health are published in the contract's shape", async () => {
    const events: TeleopEvent[] = [];
    sub.subscribe(sub.subjects.events, EventMsg, (e) => events.push(e));
    const health = sub.latest(sub.subjects.health("pub"), HealthMsg);
    await sub.flush();
    pub.event(EventType.calibrationDone, { by: "test" });
    const counters = new Counters();
    counters.inc("rejected", 3);
    const loop = new FixedRateLoop({ name: "l", hz: 50, onTick: () => {} });
    loop.start();
    const reporter = new HealthReporter({
      bus: pub,
      service: "pub",
      instance: "i1",
      counters,
      intervalMs: 100,
    });
    reporter.addLoop("control", loop);
    reporter.start();
    expect(
      await waitFor(() => events.length === 1 && (health.value?.loops.control?.hz ?? 0) > 0),
    ).toBe(true);
    reporter.stop();
    await loop.stop();
    expect(events[0]).toMatchObject({
      service: "pub",
      type: "calibration.done",
      data: { by: "test" },
    });
    expect(health.value).toMatchObject({
      service: "pub",
      instance: "i1",
      status: "ok",
      counters: { rejected: 3 },
    });
  });
});

test("reconnect: publisher and subscriber carry on after the server restarts on the same port", async () => {
  const server = await NatsServer.start();
  const pub = await testBus(server.url, "pub");
  const sub = await testBus(server.url, "sub");
  try {
    const slot = sub.latest(sub.subjects.vrState, VrStateMsg);
    await sub.flush();
    let seq = 0;
    const timer = setInterval(() => pub.publish(pub.subjects.vrState, vr(++seq)), 20);
    expect(await waitFor(() => (slot.seq ?? 0) > 3)).toBe(true);
    await server.stop(true);
    const during = slot.seq!;
    await Bun.sleep(300);
    await server.restart();
    expect(await waitFor(() => (slot.seq ?? 0) > during + 10, 10_000)).toBe(true);
    clearInterval(timer);
  } finally {
    await pub.close();
    await sub.close();
    await server.dispose();
  }
}, 20_000);

test("a service started before its nats-server says it is waiting, then connects when the server comes up", async () => {
  const port = await freePort();
  const svc = new ServiceProcess({
    script: "services/controller/src/main.ts",
    env: { NATS_URL: `nats://127.0.0.1:${port}` },
  });
  let server: NatsServer | undefined;
  try {
    await svc.waitForLog(
      new RegExp(`NATS at nats://127\\.0\\.0\\.1:${port} is not reachable yet; still trying`),
      10_000,
    );
    server = await NatsServer.start({ port });
    await svc.waitForLog(/\bready\b/, 15_000);
  } finally {
    expect(await svc.stop()).toBe(0);
    await server?.dispose();
  }
}, 40_000);
