import { beforeAll, describe, expect, test } from "bun:test";
import { hasJpegMarkers, jpegSize } from "@teleop/recording/jpeg";
import { MjpegSplitter } from "./jpeg";

/** Ten 160x120 JPEGs from ffmpeg's test source, back to back, and each one's length. */
let stream: Uint8Array;
let sizes: number[];

beforeAll(async () => {
  const p = Bun.spawn(
    [
      "ffmpeg",
      "-hide_banner",
      "-debug_ts",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=160x120:rate=30",
      "-frames:v",
      "10",
      "-c:v",
      "mjpeg",
      "-f",
      "mjpeg",
      "pipe:1",
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const [out, err] = await Promise.all([
    new Response(p.stdout).bytes(),
    new Response(p.stderr).text(),
  ]);
  expect(await p.exited).toBe(0);
  stream = out;
  sizes = [...err.matchAll(/muxer <- .* size:(\d+)/g)].map((m) => Number(m[1]));
  expect(sizes).toHaveLength(10);
});

function split(bytes: Uint8Array, chunk: (i: number) => number, max = 1 << 20) {
  const s = new MjpegSplitter(max);
  const frames: Uint8Array[] = [];
  const rejects: string[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = Math.max(1, chunk(k));
    const r = s.push(bytes.slice(i, i + n));
    frames.push(...r.frames);
    rejects.push(...r.rejects.map((x) => x.kind));
    i += n;
  }
  return { frames, rejects };
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe("MJPEG splitting", () => {
  test("ffmpeg's MJPEG stream cut at any chunk size gives back exactly its frames", () => {
    for (const chunk of [
      () => 1,
      () => 7,
      () => 4096,
      (k: number) => (k * 7919) % 3000,
      () => 1e7,
    ]) {
      const { frames, rejects } = split(stream, chunk);
      expect(frames.map((f) => f.length)).toEqual(sizes);
      expect(rejects).toEqual([]);
      for (const f of frames) {
        expect(hasJpegMarkers(f)).toBe(true);
        expect(jpegSize(f)).toEqual({ width: 160, height: 120 });
      }
    }
  });

  test("an EOI inside an APP segment (a thumbnail) does not end the frame", () => {
    const first = stream.slice(0, sizes[0]);
    const thumb = new Uint8Array([0xff, 0xd8, 0x00, 0x01, 0xff, 0xd9]);
    const app1 = concat(new Uint8Array([0xff, 0xe1, 0x00, thumb.length + 2]), thumb);
    const withThumb = concat(first.subarray(0, 2), app1, first.subarray(2));
    const { frames } = split(concat(withThumb, first), () => 13);
    expect(frames.map((f) => f.length)).toEqual([withThumb.length, first.length]);
  });

  test("garbage between frames is dropped and reported; a frame cut short comes out without its EOI", () => {
    const a = stream.slice(0, sizes[0]);
    const b = stream.slice(sizes[0], sizes[0]! + sizes[1]!);
    const junk = new Uint8Array([1, 2, 3, 4, 5]);
    const cut = a.subarray(0, a.length - 500);
    const { frames, rejects } = split(concat(junk, a, junk, cut, b), () => 100);
    expect(rejects).toEqual(["garbage", "garbage"]);
    expect(frames).toHaveLength(3);
    expect(hasJpegMarkers(frames[0]!)).toBe(true);
    expect(hasJpegMarkers(frames[1]!)).toBe(false);
    expect(frames[2]).toEqual(b);
  });

  test("a frame longer than the limit is given up on, and the next frame is found", () => {
    const a = stream.slice(0, sizes[0]);
    const pad = new Uint8Array(60_002);
    pad.set([0xff, 0xe2, 0xea, 0x62]);
    const big = concat(a.subarray(0, 2), pad, a.subarray(2));
    const { frames, rejects } = split(concat(big, a), () => 64, 20_000);
    expect(rejects).toContain("oversized");
    expect(frames).toEqual([a]);
  });

  test("hasJpegMarkers needs both markers", () => {
    const a = stream.slice(0, sizes[0]);
    expect(hasJpegMarkers(a)).toBe(true);
    expect(hasJpegMarkers(a.subarray(1))).toBe(false);
    expect(hasJpegMarkers(a.subarray(0, a.length - 1))).toBe(false);
    expect(hasJpegMarkers(new Uint8Array(0))).toBe(false);
  });
});
