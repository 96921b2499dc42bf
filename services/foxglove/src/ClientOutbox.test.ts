import { describe, expect, test } from "bun:test";
import { ClientOutbox, type FrameSink } from "./ClientOutbox";

/** A socket whose buffer the test fills and empties. */
class Socket implements FrameSink {
  queued = 0;
  readonly wire: Array<{ sub: number; n: number }> = [];
  buffered(): number {
    return this.queued;
  }
  send(frame: Uint8Array): void {
    this.queued += frame.byteLength;
    this.wire.push({ sub: frame[0]!, n: frame[1]! });
  }
}

const frame = (sub: number, n: number, bytes = 10) => {
  const f = new Uint8Array(bytes);
  f[0] = sub;
  f[1] = n;
  return f;
};

describe("ClientOutbox", () => {
  test("under the bound every frame goes out at once, in order", () => {
    const sock = new Socket();
    const out = new ClientOutbox(sock, 100);
    for (let n = 0; n < 5; n++) out.offer(1, frame(1, n));
    expect(sock.wire.map((w) => w.n)).toEqual([0, 1, 2, 3, 4]);
    expect(out.totalDropped).toBe(0);
    expect(out.sent).toBe(5);
  });

  test("over the bound only the newest frame per subscription waits; older ones are counted as dropped", () => {
    const sock = new Socket();
    const drops: number[] = [];
    const out = new ClientOutbox(sock, 15, (sub) => drops.push(sub));
    out.offer(1, frame(1, 0));
    out.offer(1, frame(1, 1)); // buffer 10 <= 15: sent
    for (let n = 2; n < 10; n++) out.offer(1, frame(1, n));
    out.offer(2, frame(2, 0));
    out.offer(2, frame(2, 1));
    expect(sock.wire.map((w) => w.n)).toEqual([0, 1]);
    expect(out.waitingCount).toBe(2);
    expect(out.drops().get(1)).toBe(7);
    expect(out.drops().get(2)).toBe(1);
    expect(drops.length).toBe(8);

    sock.queued = 0;
    out.drain();
    // The newest of each channel, oldest waiting first; stops again at the bound.
    expect(sock.wire.slice(2)).toEqual([
      { sub: 1, n: 9 },
      { sub: 2, n: 1 },
    ]);
    expect(out.waitingCount).toBe(0);
  });

  test("a frame never overtakes a waiting frame of its own subscription", () => {
    const sock = new Socket();
    const out = new ClientOutbox(sock, 5);
    out.offer(1, frame(1, 0));
    out.offer(1, frame(1, 1)); // waits
    sock.queued = 0;
    out.offer(2, frame(2, 0)); // drains 1/1 first, then 2/0 waits (buffer full again)
    expect(sock.wire).toEqual([
      { sub: 1, n: 0 },
      { sub: 1, n: 1 },
    ]);
    expect(out.waitingCount).toBe(1);
  });

  test("forget drops a waiting frame of an unsubscribed channel without counting it", () => {
    const sock = new Socket();
    const out = new ClientOutbox(sock, 5);
    out.offer(1, frame(1, 0));
    out.offer(1, frame(1, 1));
    out.forget(1);
    sock.queued = 0;
    out.drain();
    expect(sock.wire.length).toBe(1);
    expect(out.totalDropped).toBe(0);
  });
});
