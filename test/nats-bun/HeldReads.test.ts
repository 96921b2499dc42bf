/**
 * Held reads against a real nats-server: while held, what another client
 * publishes waits in the kernel until `release`, which dispatches all of it
 * in order (a backlog of megabytes too) before it resolves; publishing from
 * the held connection still goes out at once; a hold's limit reads as data
 * comes; after a reconnect, a hold holds the new transport.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@teleop/nats-bun/connect";
import { HeldReads } from "@teleop/nats-bun/HeldReads";
import { NatsServer } from "../support/natsServer";

/** Longer than any test: a hold that only `release` ends. */
const NO_LIMIT_MS = 60_000;

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

/** A connection with held reads, subscribed to `subject`; the numbers it has dispatched. */
async function subscriber(subject: string) {
  const reads = new HeldReads();
  const nc = await connect({ servers: server.url, reconnectTimeWait: 100, heldReads: reads });
  const got: number[] = [];
  nc.subscribe(subject, { callback: (_e, m) => void got.push(m.data[0]! + 256 * m.data[1]!) });
  await nc.flush();
  return { reads, nc, got };
}

async function publish(subject: string, from: number, count: number, size = 2): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const payload = new Uint8Array(size);
    payload.set([i & 0xff, i >> 8]);
    publisher.publish(subject, payload);
  }
  await publisher.flush();
}

/**
 * Holds `s`'s reads, publishes `count` messages, checks that none is
 * dispatched while held and that all are, in order, once `release` resolves.
 */
async function heldUntilRelease(
  s: Awaited<ReturnType<typeof subscriber>>,
  subject: string,
  count: number,
  size?: number,
): Promise<void> {
  s.reads.hold(NO_LIMIT_MS);
  await publish(subject, 0, count, size);
  await Bun.sleep(60);
  expect(s.got).toEqual([]);
  await s.reads.release();
  expect(s.got).toEqual(range(0, count));
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await Bun.sleep(5);
}

/** Until a flush succeeds: the connection is back after a restart. */
async function reconnected(nc: NatsConnection): Promise<void> {
  const end = Date.now() + 10_000;
  for (;;) {
    try {
      return await nc.flush();
    } catch (err) {
      if (Date.now() > end) throw err;
      await Bun.sleep(50);
    }
  }
}

describe("held reads", () => {
  test("messages wait until release, which dispatches all of them in order before it resolves", async () => {
    const sub = await subscriber("h.order");
    const { nc, got } = sub;
    try {
      await heldUntilRelease(sub, "h.order", 500);
      // Released: messages are dispatched as they come.
      await publish("h.order", 500, 3);
      await until(() => got.length === 503);
      expect(got).toEqual(range(0, 503));
      // The drain needs the server's reply.
      await nc.drain();
      expect(nc.isClosed()).toBe(true);
    } finally {
      if (!nc.isClosed()) await nc.close();
    }
  });

  test("one release takes a backlog of megabytes, which takes a poll per buffer", async () => {
    const sub = await subscriber("h.big");
    try {
      await heldUntilRelease(sub, "h.big", 40, 100_000);
    } finally {
      await sub.nc.close();
    }
  });

  test("a held connection still publishes at once", async () => {
    const { reads, nc } = await subscriber("h.unused");
    const seen: number[] = [];
    publisher.subscribe("h.out", { callback: (_e, m) => void seen.push(m.data.length) });
    await publisher.flush();
    try {
      reads.hold(NO_LIMIT_MS);
      nc.publish("h.out", new Uint8Array(7));
      await until(() => seen.length > 0);
      expect(seen).toEqual([7]);
    } finally {
      await reads.release();
      await nc.close();
    }
  });

  test("a hold's limit reads as data comes once it has passed", async () => {
    const { reads, nc, got } = await subscriber("h.limit");
    try {
      reads.hold(150);
      await publish("h.limit", 0, 2);
      await Bun.sleep(60);
      expect(got).toEqual([]);
      await until(() => got.length === 2);
      expect(got).toEqual(range(0, 2));
      await publish("h.limit", 2, 1);
      await until(() => got.length === 3);
      expect(got).toEqual(range(0, 3));
    } finally {
      await nc.close();
    }
  });

  test("after a reconnect, a hold holds the new transport", async () => {
    const sub = await subscriber("h.again");
    const statuses: string[] = [];
    void (async () => {
      for await (const s of sub.nc.status()) statuses.push(s.type);
    })();
    try {
      await server.restart();
      await until(() => statuses.includes("reconnect"), 10_000);
      expect(statuses).toContain("reconnect");
      await reconnected(publisher);
      await heldUntilRelease(sub, "h.again", 3);
    } finally {
      await sub.nc.close();
    }
  });
});
