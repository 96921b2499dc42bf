import { beforeAll, expect, test } from "bun:test";
import { lavfi } from "@teleop/export/lavfi";
import { hasJpegMarkers } from "@teleop/recording/jpeg";
import { JPEG_OUTPUT_ARGS } from "./FfmpegJpegs";
import { SmjpegReader, type SmjpegResult } from "./smjpeg";

/** Ten 160x120 JPEGs of ffmpeg's test source as SMJPEG (how the camera's ffmpeg writes them), and the same frames as plain JPEGs. */
let stream: Uint8Array;
let jpegs: Uint8Array[];

const tenFrames = (output: string[]) =>
  lavfi("testsrc2=size=160x120:rate=30", ["-frames:v", "10", "-c:v", "mjpeg", ...output]);

beforeAll(() => {
  stream = tenFrames([...JPEG_OUTPUT_ARGS, "pipe:1"]);
  // image2pipe writes frame after frame; split where each frame's EOI meets the next SOI.
  const plain = tenFrames(["-f", "image2pipe", "pipe:1"]);
  jpegs = [];
  let start = 0;
  for (let i = 2; i + 3 < plain.length; i++) {
    if (
      plain[i] === 0xff &&
      plain[i + 1] === 0xd9 &&
      plain[i + 2] === 0xff &&
      plain[i + 3] === 0xd8
    ) {
      jpegs.push(plain.slice(start, i + 2));
      start = i + 2;
    }
  }
  jpegs.push(plain.slice(start));
  expect(jpegs).toHaveLength(10);
});

function read(bytes: Uint8Array, chunk: (i: number) => number, max = 1 << 20) {
  const r = new SmjpegReader(max);
  const all: SmjpegResult = { frames: [], rejects: [] };
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.max(1, chunk(i));
    const got = r.push(bytes.slice(at, at + n));
    all.frames.push(...got.frames);
    all.rejects.push(...got.rejects);
    at += n;
  }
  return { ...all, ended: r.ended };
}

test("ffmpeg's SMJPEG stream gives back its JPEGs byte for byte, with pts 0, 33, 67 ... ms, whole or a byte at a time", () => {
  for (const chunk of [() => stream.length, () => 1, (i: number) => 1 + ((i * 7919) % 3001)]) {
    const got = read(stream, chunk);
    expect(got.rejects).toEqual([]);
    expect(got.frames.map((f) => f.data)).toEqual(jpegs);
    expect(got.frames.map((f) => f.pts32)).toEqual(
      Array.from({ length: 10 }, (_, i) => Math.round((i * 1000) / 30)),
    );
    expect(got.ended).toBe(true);
  }
});

test("a frame inside one chunk is a view of it, not a copy", () => {
  const r = new SmjpegReader(1 << 20);
  const { frames } = r.push(stream);
  expect(frames[3]!.data.buffer).toBe(stream.buffer);
});

test("a frame over the limit is refused by its header and skipped; the frames after it still arrive", () => {
  const largest = Math.max(...jpegs.map((j) => j.length));
  const big = jpegs.findIndex((j) => j.length === largest);
  const got = read(stream, (i) => 100 + i, largest - 1);
  expect(got.rejects).toEqual([
    {
      kind: "oversized",
      reason: `a frame of ${largest} bytes is over the ${largest - 1}-byte limit`,
    },
  ]);
  expect(got.frames.map((f) => f.data)).toEqual(jpegs.filter((_, i) => i !== big));
});

test("bytes that are not an SMJPEG chunk are refused as garbage and the reader finds the next frame", () => {
  const vidD = (pts: number, data: Uint8Array) => {
    const h = new Uint8Array(12 + data.length);
    h.set([0x76, 0x69, 0x64, 0x44]);
    new DataView(h.buffer).setUint32(4, pts);
    new DataView(h.buffer).setUint32(8, data.length);
    h.set(data, 12);
    return h;
  };
  const headerEnd = Buffer.from(stream).indexOf("HEND") + 4;
  const junk = new TextEncoder().encode("not a chunk at all");
  const parts = [stream.slice(0, headerEnd), vidD(1, jpegs[0]!), junk, vidD(2, jpegs[1]!)];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  const got = read(bytes, () => 5);
  expect(got.frames.map((f) => [f.pts32, hasJpegMarkers(f.data)])).toEqual([
    [1, true],
    [2, true],
  ]);
  expect(got.rejects.map((r) => r.kind)).toContain("garbage");
  const dropped = got.rejects.reduce((n, r) => n + Number(/^(\d+) bytes/.exec(r.reason)![1]), 0);
  expect(dropped).toBe(junk.length);
});

test("a stream without SMJPEG's magic is refused and read from its first chunk on", () => {
  const got = read(new TextEncoder().encode("JFIF and nothing else, garbage"), () => 7);
  expect(got.frames).toEqual([]);
  expect(got.rejects[0]).toEqual({
    kind: "garbage",
    reason: "the stream does not start with SMJPEG's magic",
  });
});
