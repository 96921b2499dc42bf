import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { solidJpegs } from "./fixtureRecording";
import { imageSampleIndices } from "./stats";
import { concatVideos, EpisodeEncoder, probeVideo } from "./video";
import { frameTimes } from "./videoProbe";

const dir = mkdtempSync(join(tmpdir(), "export-video-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [red, blue] = solidJpegs(
  [
    [255, 0, 0],
    [0, 0, 255],
  ],
  96,
  64,
);

async function encode(out: string, frames: number, jpeg: Uint8Array) {
  const sampled = new Set(imageSampleIndices(frames));
  const e = new EpisodeEncoder({
    out,
    codec: "h264",
    fps: 30,
    width: 96,
    height: 64,
    statsStride: 1,
    statsFrames: sampled,
  });
  for (let k = 0; k < frames; k++) await e.write(jpeg);
  return { histograms: await e.finish(), sampled };
}

test("a long episode: every frame encoded at k / fps, only the sampled frames in the stats", async () => {
  const out = join(dir, "red.mp4");
  const { histograms, sampled } = await encode(out, 300, red!);
  // LeRobot samples max(100, int(300^0.75) = 72) = 100 of 300 frames.
  expect(sampled.size).toBe(100);
  expect(histograms.frames).toBe(sampled.size);
  // Solid red: every sampled pixel's R near 255, B near 0.
  const r = histograms.counts[0]!;
  const high = r.slice(245).reduce((a, b) => a + b, 0);
  expect(high).toBe(96 * 64 * sampled.size);
  const times = await frameTimes(out);
  expect(times).toHaveLength(300);
  for (const [k, t] of times.entries()) expect(Math.abs(t - k / 30)).toBeLessThan(1e-4);
  expect(await probeVideo(out)).toMatchObject({
    "video.codec": "h264",
    "video.pix_fmt": "yuv420p",
    "video.fps": 30,
  });
}, 60_000);

test("joined episodes keep frame times on k / fps across the join", async () => {
  const a = join(dir, "a.mp4");
  const b = join(dir, "b.mp4");
  await encode(a, 7, red!);
  await encode(b, 5, blue!);
  const joined = join(dir, "ab.mp4");
  await concatVideos([a, b], joined, 30);
  const times = await frameTimes(joined);
  expect(times).toHaveLength(12);
  for (const [k, t] of times.entries()) expect(Math.abs(t - k / 30)).toBeLessThan(1e-4);
}, 60_000);
