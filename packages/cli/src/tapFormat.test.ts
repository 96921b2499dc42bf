import { expect, test } from "bun:test";
import { encode } from "@teleop/shared/codec";
import {
  formatTap,
  getPath,
  localClock,
  parseFieldList,
  pickFields,
  readableNumber,
} from "./tapFormat";

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
  const line = formatTap("teleop.robot.state", encode(state), { mode: "json" });
  expect(line).not.toContain("\n");
  expect(JSON.parse(line)).toEqual({ subject: "teleop.robot.state", msg: state });
});

test("fields and pretty printing", () => {
  const out = formatTap("s", encode(state), { mode: "pretty", fields: ["rttMs"] });
  expect(out).toBe('{\n  "subject": "s",\n  "msg": {\n    "rttMs": 150\n  }\n}');
});

test("undecodable payloads become a note, not a crash", () => {
  // A fixarray of two elements holding only one.
  const line = formatTap("s", new Uint8Array([0x92, 0x01]), { mode: "json" });
  const parsed = JSON.parse(line);
  expect(parsed.subject).toBe("s");
  expect(parsed.note).toMatch(/^undecodable payload \(2 bytes\): truncated/);
  expect(JSON.parse(formatTap("s", new Uint8Array(), { mode: "json" })).note).toMatch(/empty/);
});

test("non-finite numbers and raw bytes stay visible", () => {
  // 0xcb + IEEE-754 NaN: a float64 NaN as any msgpack writer emits it.
  const nan = new Uint8Array([0x81, 0xa1, 0x78, 0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0]);
  expect(JSON.parse(formatTap("s", nan, { mode: "json" })).msg).toEqual({ x: "NaN" });
  const bytes = encode({ b: new Uint8Array([1, 2, 3]) });
  expect(JSON.parse(formatTap("s", bytes, { mode: "json" })).msg).toEqual({ b: "<3 bytes>" });
});

test("text mode: the message's time as a local clock, rounded numbers, dotted keys, one line", () => {
  const t = new Date(2026, 11, 1, 9, 5, 7, 42).getTime() + 0.3187;
  const msg = {
    v: 1,
    seq: 12,
    t,
    pose: { position: [0.45012345678, -1.2e-7, 0.3], orientation: [0, 0, 0, 1] },
    mode: "realtime",
    deadline: t + 100,
    note: "two words",
    data: new Uint8Array(5),
  };
  const line = formatTap("teleop.robot.command", encode(msg), { mode: "text" }, 0);
  expect(line).toBe(
    "09:05:07.042 teleop.robot.command v=1 seq=12 pose.position=[0.4501, 0, 0.3] " +
      'pose.orientation=[0, 0, 0, 1] mode=realtime deadline=09:05:07.142 note="two words" data=<5 bytes>',
  );
});

test("text mode without a time field uses the arrival time; fields and bad payloads too", () => {
  const at = new Date(2026, 0, 2, 23, 59, 58, 7).getTime();
  expect(formatTap("s", encode({ x: 1.23456789 }), { mode: "text" }, at)).toBe(
    "23:59:58.007 s x=1.2346",
  );
  expect(formatTap("s", encode(state), { mode: "text", fields: ["rttMs"] }, at)).toBe(
    "23:59:58.007 s rttMs=150",
  );
  expect(formatTap("s", new Uint8Array([0x92, 0x01]), { mode: "text" }, at)).toMatch(
    /^23:59:58\.007 s undecodable payload \(2 bytes\): truncated/,
  );
});

test("readable numbers and clock", () => {
  expect(readableNumber(3)).toBe("3");
  expect(readableNumber(-0.00001)).toBe("0");
  expect(readableNumber(Number.NaN)).toBe("NaN");
  expect(localClock(new Date(2026, 5, 1, 1, 2, 3, 4).getTime())).toBe("01:02:03.004");
});
