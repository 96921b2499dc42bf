/**
 * The Bun transport against a real nats-server: publish/subscribe and
 * request/reply, frames larger than the socket buffer (partial writes and
 * drain), a server restart (nats-core reconnects through new transports), a
 * refused connection and a clean close.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@teleop/nats-bun/connect";
import { NatsServer } from "../support/natsServer";

let server: NatsServer;
const dir = mkdtempSync(join(tmpdir(), "nats-bun-"));
beforeAll(async () => {
  const conf = join(dir, "big.conf");
  writeFileSync(conf, "max_payload: 8MB\n");
  server = await NatsServer.start({ args: ["-c", conf] });
});
afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function withConnection(use: (nc: NatsConnection) => Promise<void>): Promise<void> {
  const nc = await connect({ servers: server.url, reconnectTimeWait: 100 });
  try {
    await use(nc);
  } finally {
    await nc.close();
  }
}

describe("Bun transport", () => {
  test("publishes, subscribes and answers requests in order", async () => {
    await withConnection(async (nc) => {
      const got: number[] = [];
      const sub = nc.subscribe("t.order", {
        callback: (_e, m) => {
          got.push(m.data[0]! + 256 * m.data[1]!);
        },
      });
      nc.subscribe("t.echo", {
        callback: (_e, m) => {
          m.respond(m.data);
        },
      });
      for (let i = 0; i < 2000; i++) nc.publish("t.order", new Uint8Array([i & 0xff, i >> 8]));
      await nc.flush();
      const reply = await nc.request("t.echo", new TextEncoder().encode("ping"), { timeout: 2000 });
      expect(new TextDecoder().decode(reply.data)).toBe("ping");
      sub.unsubscribe();
      expect(got).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    });
  });

  test("a frame larger than the socket buffer arrives whole (partial writes resume on drain)", async () => {
    await withConnection(async (nc) => {
      const big = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
      const received = new Promise<Uint8Array>((resolve) => {
        nc.subscribe("t.big", { max: 1, callback: (_e, m) => resolve(m.data) });
      });
      await nc.flush();
      nc.publish("t.big", big);
      nc.publish("t.big.after", new Uint8Array([1]));
      const data = await received;
      expect(data.length).toBe(big.length);
      expect(Buffer.compare(Buffer.from(data), Buffer.from(big))).toBe(0);
    });
  });

  test("reconnects after the server restarts and delivers again", async () => {
    await withConnection(async (nc) => {
      const statuses: string[] = [];
      void (async () => {
        for await (const s of nc.status()) statuses.push(s.type);
      })();
      const got: string[] = [];
      nc.subscribe("t.again", {
        callback: (_e, m) => {
          got.push(new TextDecoder().decode(m.data));
        },
      });
      await nc.flush();
      await server.restart();
      const until = Date.now() + 10_000;
      while (!statuses.includes("reconnect") && Date.now() < until) await Bun.sleep(50);
      expect(statuses).toContain("disconnect");
      expect(statuses).toContain("reconnect");
      nc.publish("t.again", new TextEncoder().encode("after"));
      await nc.flush();
      await Bun.sleep(50);
      expect(got).toEqual(["after"]);
    });
  });

  test("a port with no server is a clear connection error", async () => {
    const port = server.port + 1;
    await expect(connect({ servers: `127.0.0.1:${port}`, timeout: 1000 })).rejects.toThrow();
  });

  test("close flushes what was published before it", async () => {
    const watcher = await connect({ servers: server.url });
    const got: number[] = [];
    watcher.subscribe("t.closing", {
      callback: (_e, m) => {
        got.push(m.data.length);
      },
    });
    await watcher.flush();
    const nc = await connect({ servers: server.url });
    for (let i = 0; i < 100; i++) nc.publish("t.closing", new Uint8Array(1000));
    await nc.drain();
    await watcher.flush();
    await Bun.sleep(100);
    await watcher.close();
    expect(got.length).toBe(100);
    expect(nc.isClosed()).toBe(true);
  });
});
