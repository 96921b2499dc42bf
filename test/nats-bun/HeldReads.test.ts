/**
 * Held reads against a real nats-server: while held, what another client
 * publishes waits in the kernel until `readNow`, which dispatches all of it
 * in order (a backlog of megabytes too); publishing from the held connection still goes out at once;
 * `release`, or a hold's limit, reads as data comes; a reconnect's new
 * transport is held too.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@teleop/nats-bun/connect";
import { HeldReads } from "@teleop/nats-bun/HeldReads";
import { NatsServer } from "../support/natsServer";

let server: NatsServer;
let publisher: NatsConnection;
beforeAll(async () => {
  server = await NatsServer.start();
  publisher = await connect({ servers: server.url, reconnectTimeWait: 100 });
});
afterAll(async () => {
  await publisher?.close();
  await server?.dispose();
});

/** A connection holding its reads, subscribed to `subject`; the numbers it has dispatched. */
async function heldSubscriber(subject: string) {
  const reads = new HeldReads();
  const nc = await connect({ servers: server.url, reconnectTimeWait: 100, heldReads: reads });
  const got: number[] = [];
  nc.subscribe(subject, { callback: (_e, m) => void got.push(m.data[0]! + 256 * m.data[1]!) });
  await nc.flush();
  reads.hold();
  return { reads, nc, got };
}

async function publish(subject: string, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++)
    publisher.publish(subject, new Uint8Array([i & 0xff, i >> 8]));
  await publisher.flush();
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("held reads", () => {
  test("messages wait until readNow, which dispatches all of them in order", async () => {
    const { reads, nc, got } = await heldSubscriber("h.order");
    try {
      await publish("h.order", 0, 500);
      await Bun.sleep(60);
      expect(got).toEqual([]);
      await reads.readNow();
      expect(got).toEqual(range(0, 500));
      await publish("h.order", 500, 3);
      await Bun.sleep(60);
      expect(got.length).toBe(500);
      await reads.readNow();
      expect(got).toEqual(range(0, 503));
    } finally {
      await reads.release();
      await nc.close();
    }
  });

  test("one readNow takes a backlog of megabytes, which takes a poll per buffer", async () => {
    const { reads, nc, got } = await heldSubscriber("h.big");
    try {
      for (let i = 0; i < 40; i++) {
        const payload = new Uint8Array(100_000);
        payload.set([i & 0xff, i >> 8]);
        publisher.publish("h.big", payload);
      }
      await publisher.flush();
      await Bun.sleep(100);
      expect(got).toEqual([]);
      await reads.readNow();
      expect(got).toEqual(range(0, 40));
    } finally {
      await reads.release();
      await nc.close();
    }
  });

  test("a held connection still publishes at once", async () => {
    const { reads, nc } = await heldSubscriber("h.unused");
    const seen: number[] = [];
    publisher.subscribe("h.out", { callback: (_e, m) => void seen.push(m.data.length) });
    await publisher.flush();
    try {
      nc.publish("h.out", new Uint8Array(7));
      const until = Date.now() + 2000;
      while (seen.length === 0 && Date.now() < until) await Bun.sleep(5);
      expect(seen).toEqual([7]);
    } finally {
      await reads.release();
      await nc.close();
    }
  });

  test("after release, messages are dispatched as they come", async () => {
    const { reads, nc, got } = await heldSubscriber("h.release");
    try {
      await publish("h.release", 0, 2);
      await reads.release();
      await publish("h.release", 2, 2);
      const until = Date.now() + 2000;
      while (got.length < 4 && Date.now() < until) await Bun.sleep(5);
      expect(got).toEqual(range(0, 4));
      // Drain needs the server's reply: it completes without a readNow.
      await nc.drain();
      expect(nc.isClosed()).toBe(true);
    } finally {
      if (!nc.isClosed()) await nc.close();
    }
  });

  test("a hold with a limit reads as data comes once the limit has passed", async () => {
    const { reads, nc, got } = await heldSubscriber("h.limit");
    try {
      reads.hold(150);
      await publish("h.limit", 0, 2);
      await Bun.sleep(60);
      expect(got).toEqual([]);
      const until = Date.now() + 2000;
      while (got.length < 2 && Date.now() < until) await Bun.sleep(5);
      expect(got).toEqual(range(0, 2));
      await publish("h.limit", 2, 1);
      while (got.length < 3 && Date.now() < until) await Bun.sleep(5);
      expect(got).toEqual(range(0, 3));
    } finally {
      await reads.release();
      await nc.close();
    }
  });

  test("a reconnect's transport is held from the next readNow", async () => {
    const { reads, nc, got } = await heldSubscriber("h.again");
    const statuses: string[] = [];
    void (async () => {
      for await (const s of nc.status()) statuses.push(s.type);
    })();
    try {
      await server.restart();
      // The held socket sees the server go and come back only when it reads.
      const until = Date.now() + 10_000;
      while (!statuses.includes("reconnect") && Date.now() < until) {
        await reads.readNow();
        await Bun.sleep(25);
      }
      expect(statuses).toContain("reconnect");
      await publisher.flush();
      await reads.readNow();
      await publish("h.again", 0, 3);
      await Bun.sleep(60);
      expect(got).toEqual([]);
      await reads.readNow();
      expect(got).toEqual(range(0, 3));
    } finally {
      await reads.release();
      await nc.close();
    }
  });
});
