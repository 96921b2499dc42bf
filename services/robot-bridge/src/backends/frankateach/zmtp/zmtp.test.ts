import { describe, expect, test } from "bun:test";
import {
  decodeCommand,
  decodeFrame,
  decodeGreeting,
  decodeProperties,
  encodeCommand,
  encodeFrame,
  encodeGreeting,
  encodeProperties,
  encodeReady,
  encodeRequest,
  replyBody,
} from "./zmtp";

const bytes = (...xs: number[]) => Uint8Array.from(xs);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("ZMTP 3 greeting (RFC 23)", () => {
  test("signature, version 3.0, NULL mechanism, client, zero filler", () => {
    const g = encodeGreeting();
    expect(g.length).toBe(64);
    expect(Array.from(g.subarray(0, 12))).toEqual([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0]);
    expect(Array.from(g.subarray(12, 16))).toEqual(Array.from(ascii("NULL")));
    expect(g.subarray(16).every((b) => b === 0)).toBe(true);
  });

  test("decodes a peer greeting and refuses ZMTP 2 and CURVE", () => {
    const g = encodeGreeting();
    g[11] = 1;
    g[32] = 1;
    expect(decodeGreeting(g)).toEqual({ major: 3, minor: 1, mechanism: "NULL", asServer: true });
    const old = encodeGreeting();
    old[10] = 2;
    expect(() => decodeGreeting(old)).toThrow(/ZMTP 2/);
    const curve = encodeGreeting();
    curve.set(ascii("CURVE"), 12);
    expect(() => decodeGreeting(curve)).toThrow(/CURVE/);
    expect(() => decodeGreeting(new Uint8Array(64))).toThrow(/signature/);
  });
});

describe("ZMTP frames", () => {
  test("short frame: flags, 1-byte size, body; MORE and COMMAND bits", () => {
    expect(Array.from(encodeFrame(ascii("hi")))).toEqual([0, 2, 104, 105]);
    expect(Array.from(encodeFrame(ascii("hi"), true))).toEqual([1, 2, 104, 105]);
    expect(encodeFrame(new Uint8Array(0), false, true)[0]).toBe(4);
  });

  test("long frame above 255 bytes: LONG flag, 8-byte big-endian size", () => {
    const f = encodeFrame(new Uint8Array(300));
    expect(Array.from(f.subarray(0, 9))).toEqual([2, 0, 0, 0, 0, 0, 0, 1, 44]);
    const d = decodeFrame(f);
    expect(d?.frame.body.length).toBe(300);
    expect(d?.next).toBe(309);
  });

  test("partial input asks for more bytes; frames decode in sequence", () => {
    const msg = encodeRequest(ascii("get_state"));
    // REQ envelope: empty delimiter with MORE, then the body.
    expect(Array.from(msg.subarray(0, 2))).toEqual([1, 0]);
    expect(decodeFrame(msg.subarray(0, 3), 2)).toBeUndefined();
    const a = decodeFrame(msg)!;
    expect(a.frame).toEqual({ more: true, command: false, body: new Uint8Array(0) });
    const b = decodeFrame(msg, a.next)!;
    expect(new TextDecoder().decode(b.frame.body)).toBe("get_state");
    expect(b.frame.more).toBe(false);
    expect(b.next).toBe(msg.length);
  });

  test("reserved flag bits are a protocol error", () => {
    expect(() => decodeFrame(bytes(0x80, 0))).toThrow(/flags/);
  });

  test("reply body follows the empty delimiter; missing delimiter is an error", () => {
    expect(replyBody([new Uint8Array(0), ascii("x")])).toEqual(ascii("x"));
    expect(() => replyBody([ascii("x")])).toThrow(/delimiter/);
  });
});

describe("ZMTP commands and metadata", () => {
  test("READY with Socket-Type REQ, byte for byte", () => {
    const r = encodeReady("REQ");
    const body = [5, ...ascii("READY"), 11, ...ascii("Socket-Type"), 0, 0, 0, 3, ...ascii("REQ")];
    expect(Array.from(r)).toEqual([4, body.length, ...body]);
  });

  test("commands and properties round-trip", () => {
    const frame = decodeFrame(
      encodeCommand("READY", encodeProperties({ "Socket-Type": "REP", Identity: "" })),
    )!;
    expect(frame.frame.command).toBe(true);
    const cmd = decodeCommand(frame.frame.body);
    expect(cmd.name).toBe("READY");
    expect(decodeProperties(cmd.data)).toEqual({ "Socket-Type": "REP", Identity: "" });
    expect(() => decodeProperties(bytes(3, 65))).toThrow(/truncated/);
  });
});
