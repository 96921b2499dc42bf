import { describe, expect, test } from "bun:test";
import { decode as refDecode, encode as refEncode } from "@msgpack/msgpack";
import { controller as fixtureController } from "../../../test/support/fixtures";
import { CameraFrameMsg, MAX_CAMERA_FRAME_BYTES } from "./cameraMessages";
import { decode, decodeAny, encode, encodedSize, findNonFinite } from "./codec";
import { type RobotCommand, RobotCommandMsg, type VrState, VrStateMsg } from "./messages";
import { mulberry32 } from "./prng";

const controller = fixtureController({
  trigger: 0.25,
  grip: 1,
  buttons: { primary: true, grip: true },
});
const vr: VrState = {
  v: 1,
  seq: 7,
  t: 1_764_000_000_000.125,
  source: "sim",
  right: controller as VrState["right"],
};

describe("codec", () => {
  test("round trip keeps every field, sub-ms time included", () => {
    const r = decode(VrStateMsg, encode(vr));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(vr);
  });

  test("typed arrays are written as plain msgpack arrays (0x9N), not binary", () => {
    const bytes = encode({ a: new Float32Array([1, 2, 3]) });
    // fixmap(1) "a" fixarray(3)
    expect(bytes[0]).toBe(0x81);
    expect(bytes[3]).toBe(0x93);
    expect(refDecode(bytes)).toEqual({ a: [1, 2, 3] });
  });

  test("undefined fields are left out and typed arrays flattened at any depth", () => {
    const nested = { a: 1, b: undefined, c: { d: undefined, e: [1, new Float64Array([2, 3])] } };
    expect(refDecode(encode(nested))).toEqual({ a: 1, c: { e: [1, [2, 3]] } });
    // Plain data is packed as it is: the same bytes as an independent encoder's.
    expect(encode(vr)).toEqual(refEncode(vr));
  });

  test("findNonFinite names the path of a NaN or infinity, in arrays, objects and typed arrays", () => {
    expect(findNonFinite(vr)).toBeUndefined();
    expect(findNonFinite({ a: [0, { b: Number.NEGATIVE_INFINITY }] })).toBe("/a/1/b");
    expect(findNonFinite({ x: new Float32Array([0, Number.NaN]) })).toBe("/x/1");
    expect(findNonFinite(Number.NaN)).toBe("/");
    expect(findNonFinite({ bytes: new Uint8Array([1, 2]), s: "NaN" })).toBeUndefined();
  });

  test("an independent implementation reads what we write", () => {
    expect(refDecode(encode(vr))).toEqual(vr);
  });

  test("we read what an independent implementation writes", () => {
    const cmd: RobotCommand = {
      v: 1,
      seq: 3,
      t: 1000.5,
      deadline: 1100.5,
      mode: "realtime",
      movement: true,
      target: { position: [0.4, 0, 0.3], orientation: [1, 0, 0, 0] },
      gripper: 1,
      action: [1, 0, 0, 0, 0, 0, -0.5],
      reset: false,
      vrSeq: 2,
      vrT: 999.9,
      robotSeq: null,
    };
    const r = decode(RobotCommandMsg, refEncode(cmd));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(cmd);
  });

  test("extra fields are accepted (newer publishers)", () => {
    const r = decode(VrStateMsg, encode({ ...vr, extra: "x" }));
    expect(r.ok).toBe(true);
  });

  test("rejections name their reason", () => {
    const full = encode(vr);
    const cases: Array<[Uint8Array, string, RegExp]> = [
      [full.subarray(0, full.length - 5), "truncated", /truncated/],
      [new Uint8Array([0x01, 0x02]), "malformed", /malformed/],
      [new Uint8Array(0), "empty", /empty/],
      [new Uint8Array([0xd4, 0x05, 0x00]), "malformed", /extension type 5/],
      [encode([1, 2, 3]), "invalid", /VrState/],
      [encode({ ...vr, seq: "7" }), "invalid", /\/seq/],
      [encode({ v: 1, t: 1, source: "sim" }), "invalid", /seq/],
      [refEncode({ ...vr, t: Number.NaN }), "nonfinite", /\/t/],
      [
        refEncode({
          ...vr,
          right: { ...controller, pose: { ...controller.pose, position: [0, Infinity, 0] } },
        }),
        "nonfinite",
        /\/right\/pose\/position\/1/,
      ],
      [
        encode({
          ...vr,
          right: { ...controller, pose: { ...controller.pose, position: [1e9, 0, 0] } },
        }),
        "invalid",
        /position\/0/,
      ],
      [new Uint8Array(200_000), "oversized", /200000 bytes/],
    ];
    for (const [bytes, kind, reason] of cases) {
      const r = decode(VrStateMsg, bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.kind).toBe(kind as typeof r.kind);
        expect(r.reason).toMatch(reason);
      }
    }
  });

  test("decodeAny parses without a contract", () => {
    const r = decodeAny(encode({ hello: [1, "x"] }));
    expect(r).toEqual({ ok: true, value: { hello: [1, "x"] } });
  });
});

test("a camera frame's bytes travel as msgpack bin and validate after decoding", () => {
  const data = new Uint8Array(100_000).map((_, i) => i & 0xff);
  const frame = {
    v: 1,
    seq: 1,
    t: 1_700_000_000_000,
    camera: "scene",
    frameId: "camera_scene",
    format: "jpeg",
    width: 640,
    height: 480,
    data,
  };
  const bytes = encode(frame);
  expect(bytes.length).toBeLessThan(data.length + 200);
  const r = decode(CameraFrameMsg, bytes, MAX_CAMERA_FRAME_BYTES);
  expect(r.ok).toBe(true);
  if (r.ok) expect([...r.value.data.subarray(0, 300)]).toEqual([...data.subarray(0, 300)]);
  const badId = decode(CameraFrameMsg, encode({ ...frame, camera: "a.b" }), MAX_CAMERA_FRAME_BYTES);
  expect(badId.ok).toBe(false);
});

describe("encodedSize", () => {
  test("counts exactly the bytes encode writes, without encoding", () => {
    const rand = mulberry32(7);
    const values: unknown[] = [
      controller,
      { right: controller, left: { ...controller, note: "é ☃ 𝄞", gone: undefined } },
      [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -1, -32, -33, -128, -129],
      [-32768, -32769, -(2 ** 31), -(2 ** 31) - 1, 0.5, -0.25, 1e300, Number.NaN, -0],
      ["", "a".repeat(31), "a".repeat(32), "b".repeat(255), "c".repeat(256), "d".repeat(70000)],
      { bin: new Uint8Array(300), small: new Uint8Array(3), f: new Float32Array([1.5, 2]) },
      Array.from({ length: 20 }, (_, i) => ({ [`k${i}`]: rand() * 1000 - 500 })),
      Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`key${i}`, i % 2 === 0])),
      [null, true, false, undefined, new Date(0)],
    ];
    for (const v of values) expect(encodedSize(v)).toBe(encode(v).length);
  });
});
