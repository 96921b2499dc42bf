import { expect, test } from "bun:test";
import { base64JpegProblem, hasJpegMarkers, jpegProblem } from "./jpeg";

const jpeg = (middle: number[]) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...middle, 0xff, 0xd9]);
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

test("a frame needs SOI first and EOI last", () => {
  expect(hasJpegMarkers(jpeg([1, 2, 3]))).toBe(true);
  expect(jpegProblem(jpeg([1]))).toBeUndefined();
  expect(jpegProblem(jpeg([1, 2]).subarray(0, 5))).toContain("EOI");
  expect(jpegProblem(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xd9]))).toContain("SOI");
  expect(jpegProblem(new Uint8Array([0xff, 0xd8]))).toContain("too short");
});

test("the base64 check agrees with the byte check for every padding length", () => {
  for (let n = 0; n < 6; n++) {
    const good = jpeg(Array.from({ length: n }, (_, i) => i + 7));
    expect(base64JpegProblem(b64(good))).toBeUndefined();
    expect(base64JpegProblem(b64(good.subarray(0, good.length - 1)))).toContain("EOI");
    expect(base64JpegProblem(b64(good.subarray(2)))).toContain("SOI");
  }
  expect(base64JpegProblem("abc")).toContain("not base64");
});
