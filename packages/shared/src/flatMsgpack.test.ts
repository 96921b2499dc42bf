import { expect, test } from "bun:test";
import { decode as refDecode } from "@msgpack/msgpack";
import { unpack } from "msgpackr/unpack";
import { type CameraFrame, CameraFrameMsg, MAX_CAMERA_FRAME_BYTES } from "./cameraMessages";
import { decode, encode, encodedSize } from "./codec";
import { encodeFlat } from "./flatMsgpack";

const frame: CameraFrame = {
  v: 1,
  seq: 70_000,
  t: 1_796_175_371_879.125,
  camera: "scene",
  frameId: "camera_scene",
  format: "jpeg",
  width: 640,
  height: 480,
  data: new Uint8Array(21_000).map((_, i) => (i * 31) & 0xff),
};

test("a camera frame reads back through the contract's decoder exactly as encode's output does", () => {
  const flat = encodeFlat({ ...frame });
  const r = decode(CameraFrameMsg, flat, MAX_CAMERA_FRAME_BYTES);
  expect(r.ok).toBe(true);
  if (r.ok) expect(r.value).toEqual(frame);
  expect(refDecode(flat)).toEqual(refDecode(encode(frame)));
  // Exactly as long as needed: one buffer, nothing after the last byte.
  expect(flat.length).toBe(encode(frame).length);
});

test("every length and number form at its edges reads back in two readers", () => {
  const s = (n: number) => "é".repeat(n / 2) + "x".repeat(n % 2);
  const b = (n: number) => new Uint8Array(n).fill(7);
  const cases: Array<Record<string, number | string | Uint8Array>> = [
    { a: 0, b: 127, c: 128, d: 255, e: 256, f: 65_535, g: 65_536, h: 2 ** 32 - 1 },
    { a: 2 ** 32, b: -1, c: 1.5, d: -(2 ** 40), e: Number.MAX_SAFE_INTEGER, f: 1e-300 },
    { a: -32, b: -33, c: -128, d: -129, e: -32_768, f: -32_769, g: -(2 ** 31) },
    { a: s(31), b: s(32), c: s(255), d: s(256), e: s(65_535), f: s(65_536), g: "" },
    { a: b(0), b: b(255), c: b(256), d: b(65_535), e: b(65_536) },
    { ["k".repeat(40)]: 1 },
  ];
  for (const c of cases) {
    const bytes = encodeFlat(c);
    // Sized by the codec's own rules: exactly what encodedSize counts.
    expect(bytes.length).toBe(encodedSize(c));
    expect(refDecode(bytes)).toEqual(c);
    expect(unpack(bytes)).toEqual(c);
  }
});

test("undefined fields are left out; more than 15 fields is refused", () => {
  expect(refDecode(encodeFlat({ a: 1, b: undefined, c: "x" }))).toEqual({ a: 1, c: "x" });
  const many = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`f${i}`, i]));
  expect(() => encodeFlat(many)).toThrow(/at most 15 fields/);
});
