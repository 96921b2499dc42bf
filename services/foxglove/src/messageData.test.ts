import { expect, test } from "bun:test";
import { parseServerMessage } from "@foxglove/ws-protocol/dist/esm/src/parse.js";
import { messageDataFrame, subscriptionOf } from "./messageData";

test("a MessageData frame reads back with the library's own parser", () => {
  const payload = new TextEncoder().encode('{"a":1}');
  const frame = messageDataFrame(7, 1_700_000_000_123_456_789n, payload);
  const m = parseServerMessage(frame.buffer) as {
    op: number;
    subscriptionId: number;
    timestamp: bigint;
    data: DataView;
  };
  expect(m.subscriptionId).toBe(7);
  expect(m.timestamp).toBe(1_700_000_000_123_456_789n);
  expect(new TextDecoder().decode(m.data)).toBe('{"a":1}');
  expect(subscriptionOf(frame)).toBe(7);
});

test("other frames carry no subscription", () => {
  expect(subscriptionOf(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
  expect(subscriptionOf(new Uint8Array([1, 0]))).toBeUndefined();
});
