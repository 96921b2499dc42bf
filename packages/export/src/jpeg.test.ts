import { expect, test } from "bun:test";
import { jpegSize } from "@teleop/recording/jpeg";
import { lavfi } from "./lavfi";

test("jpegSize reads the frame size of a JPEG that ffmpeg wrote", () => {
  const out = lavfi("testsrc2=size=64x48", ["-frames:v", "1", "-f", "mjpeg", "-"]);
  expect(jpegSize(out)).toEqual({ width: 64, height: 48 });
});

test("jpegSize: not a JPEG, or cut before its frame header", () => {
  expect(jpegSize(new Uint8Array([1, 2, 3, 4]))).toBeUndefined();
  expect(jpegSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]))).toBeUndefined();
});
