import { expect, test } from "bun:test";
import type { CameraFrame } from "@teleop/shared/cameraMessages";
import { CameraBook } from "./CameraBook";

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const frame = (camera: string, seq: number, t: number, data = JPEG): CameraFrame => ({
  v: 1,
  seq,
  t,
  camera,
  frameId: `${camera}_optical`,
  format: "jpeg",
  width: 320,
  height: 240,
  data,
});

test("keeps the newest JPEG per camera with its rate over the last 2 s and its age", () => {
  const book = new CameraBook();
  for (let i = 0; i <= 90; i++) book.frame(frame("front", i, 1000 + i * 33.3));
  book.frame(frame("wrist", 0, 1000));
  const [front, wrist] = book.views(1000 + 90 * 33.3 + 50);
  expect(front!.id).toBe("front");
  expect(front!.seq).toBe(90);
  expect(front!.fps!).toBeCloseTo(30, 0);
  expect(front!.ageMs).toBeCloseTo(50, 5);
  expect(wrist!.fps).toBeNull();
  expect(book.jpeg("front")).toBe(JPEG);
  expect(book.jpeg("nope")).toBeUndefined();
});

test("a payload that is not a JPEG is refused", () => {
  const book = new CameraBook();
  expect(book.frame(frame("front", 0, 1, new Uint8Array([0x89, 0x50, 0x4e, 0x47])))).toBe(false);
  expect(book.views(2)).toEqual([]);
});
