import { expect, test } from "bun:test";
import { encode } from "@teleop/shared/codec";
import { formatTap, getPath, parseFieldList, pickFields } from "./tapFormat";

const state = { v: 1, seq: 7, pose: { position: [0.4, 0, 0.3] }, rttMs: 150 };

test("getPath follows object keys and array indices", () => {
  expect(getPath(state, "pose.position.0")).toBe(0.4);
  expect(getPath(state, "seq")).toBe(7);
  expect(getPath(state, "pose.nothing.deeper")).toBeUndefined();
  expect(getPath(state, "seq.x")).toBeUndefined();
});

test("pickFields keeps the chosen paths and marks missing ones null", () => {
  expect(pickFields(state, ["seq", "pose.position.2", "gone"])).toEqual({
    seq: 7,
    "pose.position.2": 0.3,
    gone: null,
  });
});

test("parseFieldList splits on commas and ignores blanks", () => {
  expect(parseFieldList("a.b, c,,")).toEqual(["a.b", "c"]);
  expect(parseFieldList("")).toBeUndefined();
  expect(parseFieldList(undefined)).toBeUndefined();
});

test("a message becomes one JSON line with its subject", () => {
  const line = formatTap("teleop.robot.state", encode(state), { pretty: false });
  expect(line).not.toContain("\n");
  expect(JSON.parse(line)).toEqual({ subject: "teleop.robot.state", msg: state });
});

test("fields and pretty printing", () => {
  const out = formatTap("s", encode(state), { pretty: true, fields: ["rttMs"] });
  expect(out).toBe('{\n  "subject": "s",\n  "msg": {\n    "rttMs": 150\n  }\n}');
});

test("undecodable payloads become a note, not a crash", () => {
  // A fixarray of two elements holding only one.
  const line = formatTap("s", new Uint8Array([0x92, 0x01]), { pretty: false });
  const parsed = JSON.parse(line);
  expect(parsed.subject).toBe("s");
  expect(parsed.note).toMatch(/^undecodable payload \(2 bytes\): truncated/);
  expect(JSON.parse(formatTap("s", new Uint8Array(), { pretty: false })).note).toMatch(/empty/);
});

test("non-finite numbers and raw bytes stay visible", () => {
  // 0xcb + IEEE-754 NaN: a float64 NaN as any msgpack writer emits it.
  const nan = new Uint8Array([0x81, 0xa1, 0x78, 0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0]);
  expect(JSON.parse(formatTap("s", nan, { pretty: false })).msg).toEqual({ x: "NaN" });
  const bytes = encode({ b: new Uint8Array([1, 2, 3]) });
  expect(JSON.parse(formatTap("s", bytes, { pretty: false })).msg).toEqual({ b: "<3 bytes>" });
});
