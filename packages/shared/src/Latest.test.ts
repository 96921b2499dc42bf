import { describe, expect, test } from "bun:test";
import { encode } from "./codec";
import { FLOOD_DECODES_PER_WINDOW, FLOOD_WINDOW_MS } from "./FloodGate";
import { Latest } from "./Latest";
import { VrStateMsg } from "./messages";

const msg = (seq: number, t: number) => ({ v: 1, seq, t, source: "sim" });

describe("Latest (keep-latest slot)", () => {
  test("holds only the newest, measures age from the source time", () => {
    const slot = new Latest("s", VrStateMsg);
    expect(slot.age(100)).toBeUndefined();
    slot.offer(encode(msg(1, 10)), 11);
    slot.offer(encode(msg(2, 20)), 21);
    expect(slot.seq).toBe(2);
    expect(slot.age(50)).toBe(30);
    expect(slot.sinceReceived(50)).toBe(29);
    expect(slot.fresh(20, 50)).toBeUndefined();
    expect(slot.fresh(40, 50)?.seq).toBe(2);
  });

  test("an older message is counted and dropped; a restarted publisher is accepted", () => {
    const slot = new Latest("s", VrStateMsg);
    slot.offer(encode(msg(5, 50)));
    slot.offer(encode(msg(4, 40)));
    slot.offer(encode(msg(5, 50)));
    expect(slot.seq).toBe(5);
    expect(slot.counters).toEqual({
      received: 1,
      rejected: 0,
      outOfOrder: 2,
      seqResets: 0,
      shed: 0,
    });
    slot.offer(encode(msg(0, 60)));
    expect(slot.seq).toBe(0);
    expect(slot.counters.seqResets).toBe(1);
  });

  test("invalid input is rejected with a reason and leaves the slot unchanged", () => {
    const slot = new Latest("s", VrStateMsg);
    const reasons: string[] = [];
    slot.onReject((r) => reasons.push(r.reason));
    slot.offer(encode(msg(1, 10)));
    slot.offer(new Uint8Array([1, 2, 3]));
    slot.offer(encode({ ...msg(2, 20), t: "soon" }));
    expect(slot.seq).toBe(1);
    expect(slot.counters.rejected).toBe(2);
    expect(reasons[1]).toMatch(/\/t/);
  });

  test("a flood decodes a window's budget, then only the newest message, read when the slot is read", () => {
    const slot = new Latest("s", VrStateMsg);
    let floods = 0;
    slot.onFlood(() => floods++);
    const n = FLOOD_DECODES_PER_WINDOW + 1000;
    for (let i = 1; i <= n; i++) slot.offer(encode(msg(i, i)), 1000 + i * 0.01);
    expect(floods).toBe(1);
    expect(slot.counters.received).toBe(FLOOD_DECODES_PER_WINDOW);
    expect(slot.counters.shed).toBe(n - FLOOD_DECODES_PER_WINDOW - 1);
    // Reading the slot decodes the parked newest message: no valid sample is older than it must be.
    expect(slot.seq).toBe(n);
    expect(slot.counters.received).toBe(FLOOD_DECODES_PER_WINDOW + 1);
    // The next window starts with a fresh budget.
    const r = slot.offer(encode(msg(n + 1, n + 1)), 1000 + FLOOD_WINDOW_MS + n * 0.01);
    expect(r?.ok).toBe(true);
    expect(slot.seq).toBe(n + 1);
  });

  test("a parked invalid message is rejected when read and the slot keeps its valid value", () => {
    const slot = new Latest("s", VrStateMsg);
    const reasons: string[] = [];
    slot.onReject((r) => reasons.push(r.kind));
    for (let i = 1; i <= FLOOD_DECODES_PER_WINDOW; i++) slot.offer(encode(msg(i, i)), 1000);
    slot.offer(new Uint8Array([1, 2, 3]), 1000);
    expect(reasons).toEqual([]);
    expect(slot.seq).toBe(FLOOD_DECODES_PER_WINDOW);
    expect(reasons).toHaveLength(1);
  });

  test("at the fastest legitimate rate (120 Hz) every message is decoded on arrival", () => {
    const slot = new Latest("s", VrStateMsg);
    let updates = 0;
    slot.onUpdate(() => updates++);
    for (let i = 1; i <= 240; i++) slot.offer(encode(msg(i, i)), 1000 + (i * 1000) / 120);
    expect(updates).toBe(240);
    expect(slot.counters.shed).toBe(0);
  });
});
