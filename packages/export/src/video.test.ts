import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { solidJpegs } from "./fixtureRecording";
import { imageSampleCount, imageSampleIndices, imageStats } from "./stats";
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

/** `frames` grid frames: `pick(k)` is frame k's JPEG. */
async function encode(out: string, frames: number, pick: (k: number) => Uint8Array) {
  const e = new EpisodeEncoder({
    out,
    codec: "h264",
    fps: 30,
    threads: 1,
    stats: { frames, width: 96, height: 64, stride: 1 },
  });
  for (let k = 0; k < frames; k++) await e.write(pick(k));
  return e.finish();
}

/** Encodes `frames` frames, red where imageSampleIndices samples, blue elsewhere: the stats must see red only. */
async function sampledRedOnly(out: string, frames: number) {
  const sampled = new Set(imageSampleIndices(frames));
  const histograms = await encode(out, frames, (k) => (sampled.has(k) ? red! : blue!));
  expect(histograms.frames).toBe(sampled.size);
  const pixels = 96 * 64 * sampled.size;
  const [r, , b] = histograms.counts;
  expect(r!.slice(245).reduce((x, y) => x + y, 0)).toBe(pixels);
  expect(b!.slice(0, 10).reduce((x, y) => x + y, 0)).toBe(pixels);
  return { histograms, sampled };
}

test("a long episode: every frame encoded at k / fps, only the sampled frames in the stats", async () => {
  const out = join(dir, "red.mp4");
  const { histograms, sampled } = await sampledRedOnly(out, 300);
  // LeRobot samples max(100, int(300^0.75) = 72) = 100 of 300 frames.
  expect(sampled.size).toBe(100);
  const stats = imageStats(histograms);
  expect(stats.count).toEqual([100]);
  expect(stats.mean[0]).toBeGreaterThan(0.96);
  expect(stats.mean[2]).toBeLessThan(0.04);
  const times = await frameTimes(out);
  expect(times).toHaveLength(300);
  for (const [k, t] of times.entries()) expect(Math.abs(t - k / 30)).toBeLessThan(1e-4);
  expect(await probeVideo(out)).toMatchObject({
    "video.codec": "h264",
    "video.pix_fmt": "yuv420p",
    "video.fps": 30,
  });
}, 60_000);

test("ffmpeg's selection is imageSampleIndices' also where the spacing lands on halves (round half to even)", async () => {
  // 475 frames: 101 samples, 474 / 100 apart, so samples 25 and 75 sit at 118.5 and 355.5.
  const frames = 475;
  const n = imageSampleCount(frames);
  const halves = Array.from({ length: n }, (_, i) => (i * (frames - 1)) / (n - 1)).filter(
    (x) => x - Math.floor(x) === 0.5,
  );
  expect(halves.length).toBeGreaterThan(0);
  await sampledRedOnly(join(dir, "halves.mp4"), frames);
}, 60_000);

test("joined episodes keep frame times on k / fps across the join", async () => {
  const a = join(dir, "a.mp4");
  const b = join(dir, "b.mp4");
  await encode(a, 7, () => red!);
  await encode(b, 5, () => blue!);
  const joined = join(dir, "ab.mp4");
  await concatVideos([a, b], joined, 30);
  const times = await frameTimes(joined);
  expect(times).toHaveLength(12);
  for (const [k, t] of times.entries()) expect(Math.abs(t - k / 30)).toBeLessThan(1e-4);
}, 60_000);

test("an ffmpeg that fails says why, whether it fails before or after the frames are buffered", async () => {
  // A few frames (all still buffered at finish), and enough to pass the 1 MB write buffer twice.
  for (const frames of [3, Math.ceil((2 << 20) / red!.length)]) {
    const e = new EpisodeEncoder({
      out: join(dir, "no-such-folder", "x.mp4"),
      codec: "h264",
      fps: 30,
      threads: 1,
      stats: { frames, width: 96, height: 64, stride: 1 },
    });
    const run = async () => {
      for (let k = 0; k < frames; k++) await e.write(red!);
      await e.finish();
    };
    await expect(run()).rejects.toThrow(/^ffmpeg exited with 1: .*No such file or directory/);
  }
}, 60_000);
