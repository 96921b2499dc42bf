import { describe, expect, test } from "bun:test";
import { encode } from "./codec";
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
    expect(slot.counters).toEqual({ received: 1, rejected: 0, outOfOrder: 2, seqResets: 0 });
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
});
