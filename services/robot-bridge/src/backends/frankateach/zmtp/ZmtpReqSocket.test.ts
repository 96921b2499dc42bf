import { afterEach, describe, expect, test } from "bun:test";
import { createServer, type Server, type Socket } from "node:net";
import { ZmtpReqSocket } from "./ZmtpReqSocket";
import { encodeCommand, encodeGreeting, encodeProperties } from "./zmtp";

// The happy path runs against pyzmq in test/robot-bridge; these are the failures.

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A TCP server that runs `onConnect` for each client; returns its port. */
async function serve(onConnect: (s: Socket) => void): Promise<number> {
  const srv = createServer(onConnect);
  server = srv;
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const addr = srv.address();
  return typeof addr === "object" && addr ? addr.port : 0;
}

describe("ZmtpReqSocket failures", () => {
  test("a peer of the wrong socket type is refused", async () => {
    const port = await serve((s) => {
      s.write(encodeGreeting());
      s.write(encodeCommand("READY", encodeProperties({ "Socket-Type": "PUB" })));
    });
    const zs = new ZmtpReqSocket("127.0.0.1", port);
    await expect(zs.ready).rejects.toThrow(/socket type PUB cannot answer a REQ socket/);
  });

  test("something that is not ZMTP is refused", async () => {
    const port = await serve((s) => s.write(`HTTP/1.1 400 Bad Request\r\n${" ".repeat(64)}`));
    await expect(new ZmtpReqSocket("127.0.0.1", port).ready).rejects.toThrow(/bad signature/);
  });

  test("close() ends a handshake that never completes, and a request after it fails", async () => {
    const port = await serve(() => undefined);
    const zs = new ZmtpReqSocket("127.0.0.1", port);
    setTimeout(() => zs.close("given up"), 50);
    await expect(zs.ready).rejects.toThrow("given up");
    await expect(zs.request(new Uint8Array([1]))).rejects.toThrow("given up");
  });

  test("the peer hanging up during a request rejects it", async () => {
    const port = await serve((s) => {
      s.write(encodeGreeting());
      s.write(encodeCommand("READY", encodeProperties({ "Socket-Type": "REP" })));
      s.on("data", (d: Buffer) => {
        // After our greeting (64 bytes) and READY, the first request: hang up.
        if (d.length > 0 && d.includes(0x78)) s.destroy();
      });
    });
    const zs = new ZmtpReqSocket("127.0.0.1", port);
    await zs.ready;
    await expect(zs.request(new TextEncoder().encode("xxx"))).rejects.toThrow(/closed by the peer/);
    expect(zs.connected).toBe(false);
  });
});
