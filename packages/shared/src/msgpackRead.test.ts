import { describe, expect, test } from "bun:test";
import { decode as refDecode, encode as refEncode } from "@msgpack/msgpack";
import { Packr } from "msgpackr/pack";
import { INSUFFICIENT_DATA, lastReadHadNonFinite, MAX_DEPTH, readMsgpack } from "./msgpackRead";

const packr = new Packr({ useRecords: false, variableMapSize: true, mapsAsObjects: true });
const text = (n: number) => "aé€😀".repeat(Math.ceil(n / 4)).slice(0, n);
const nest = (depth: number): unknown => (depth === 0 ? 1 : [nest(depth - 1)]);

/** Values that reach every msgpack type and every length boundary. */
const SAMPLES: Record<string, unknown> = {
  ints: [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1],
  negatives: [-1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53) + 1],
  floats: [0.5, -1.25, 1e300, -0, Math.PI, Number.MIN_VALUE],
  constants: [null, true, false],
  strings: [0, 1, 15, 16, 17, 31, 32, 255, 256, 70_000].map(text),
  bins: [0, 1, 255, 256, 70_000].map((n) => new Uint8Array(n).map((_, i) => i % 251)),
  arrays: [0, 15, 16, 70_000].map((n) => Array.from({ length: n }, (_, i) => i % 7)),
  maps: [0, 15, 16, 70_000].map((n) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])),
  ),
  nested: { a: { b: { c: [{ d: "deep" }, [1, [2, [3]]]] } }, e: nest(MAX_DEPTH - 2) },
  vr: {
    t: 1764800000123.25,
    seq: 7,
    right: { pose: { position: [0.1, 0.2, 0.3], orientation: [0, 0, 0, 1] }, tracked: true },
  },
  date: new Date(1764800000123),
  farDate: new Date(8.64e15),
};

describe("reads as @msgpack/msgpack reads", () => {
  for (const [name, value] of Object.entries(SAMPLES)) {
    test(`${name}, written by @msgpack/msgpack and by msgpackr`, () => {
      for (const bytes of [refEncode(value), packr.pack(value)]) {
        expect(readMsgpack(bytes)).toEqual(refDecode(bytes));
      }
    });
  }

  test("number keys become property names; 64-bit integers numbers", () => {
    const bytes = Uint8Array.from([
      0x82, 0x01, 0xa1, 0x78, 0xcf, 0, 0, 0, 1, 0, 0, 0, 2, 0xd3, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xfe,
    ]);
    const value = readMsgpack(bytes);
    expect(value).toEqual({ 1: "x", [2 ** 32 + 2]: -2 });
    expect(value).toEqual(refDecode(bytes) as object);
  });

  test("float32, as no encoder here writes it", () => {
    const bytes = Uint8Array.from([0x92, 0xca, 0x3f, 0xc0, 0, 0, 0xca, 0xc0, 0x49, 0x0f, 0xdb]);
    expect(readMsgpack(bytes)).toEqual(refDecode(bytes) as unknown[]);
    expect((readMsgpack(bytes) as number[])[0]).toBe(1.5);
  });

  test("a short string is the same one each time, its bytes compared (not only its length)", () => {
    expect(readMsgpack(refEncode(["abc", "abd", "abc", "é"]))).toEqual(["abc", "abd", "abc", "é"]);
  });

  test("bin is a view of the payload, not a copy", () => {
    const bytes = refEncode({ data: new Uint8Array([9, 8, 7]) });
    const { data } = readMsgpack(bytes) as { data: Uint8Array };
    expect(data.buffer).toBe(bytes.buffer);
    expect([...data]).toEqual([9, 8, 7]);
  });
});

test("says whether the last read met a NaN or infinite float, in float32 or float64", () => {
  for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    readMsgpack(refEncode({ a: [1, { b: v }] }));
    expect(lastReadHadNonFinite()).toBe(true);
  }
  readMsgpack(Uint8Array.from([0x91, 0xca, 0x7f, 0xc0, 0, 0]));
  expect(lastReadHadNonFinite()).toBe(true);
  readMsgpack(refEncode({ a: [1, { b: 1e308 }], c: -0 }));
  expect(lastReadHadNonFinite()).toBe(false);
});

describe("refuses", () => {
  test("every cut of a message as insufficient data", () => {
    const bytes = refEncode(SAMPLES.vr);
    for (let n = 0; n < bytes.length; n++) {
      expect(() => readMsgpack(bytes.subarray(0, n))).toThrow(INSUFFICIENT_DATA);
    }
  });

  test("a count larger than the payload at once", () => {
    expect(() => readMsgpack(Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(
      INSUFFICIENT_DATA,
    );
    expect(() => readMsgpack(Uint8Array.from([0xdf, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]))).toThrow(
      INSUFFICIENT_DATA,
    );
  });

  test("bytes after the value, the unused type byte, unknown extensions", () => {
    expect(() => readMsgpack(Uint8Array.from([0x01, 0x02]))).toThrow(/extra 1 byte/);
    expect(() => readMsgpack(Uint8Array.from([0xc1]))).toThrow(/unused msgpack type byte 0xc1/);
    expect(() => readMsgpack(Uint8Array.from([0xd4, 0x05, 0x00]))).toThrow(
      /unknown msgpack extension type 5/,
    );
  });

  test("keys that are not strings or numbers, and __proto__", () => {
    expect(() => readMsgpack(Uint8Array.from([0x81, 0xc0, 0x01]))).toThrow(/not null/);
    expect(() => readMsgpack(Uint8Array.from([0x81, 0x90, 0x01]))).toThrow(/not object/);
    const proto = Uint8Array.from([0x81, 0xa9, ...new TextEncoder().encode("__proto__"), 0x80]);
    expect(() => readMsgpack(proto)).toThrow(/__proto__/);
  });

  test(`nesting deeper than ${MAX_DEPTH}, without running out of stack on a deeper payload`, () => {
    expect(readMsgpack(refEncode(nest(MAX_DEPTH)))).toEqual(nest(MAX_DEPTH));
    expect(() => readMsgpack(refEncode(nest(MAX_DEPTH + 1)))).toThrow(/nesting deeper/);
    expect(() => readMsgpack(new Uint8Array(60_000).fill(0x91))).toThrow(/nesting deeper/);
  });
});
