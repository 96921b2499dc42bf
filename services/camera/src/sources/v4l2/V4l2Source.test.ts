/**
 * The v4l2 source's reader on ffmpeg stand-ins for a device: the same code
 * path with only the ffmpeg input arguments changed (a test source encoded
 * here; an MJPEG file passed through untouched, as a camera's own MJPEG is).
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasJpegMarkers, jpegSize } from "@teleop/recording/jpeg";
import { createLogger } from "@teleop/shared/log";
import { splitJpegStream } from "../../../../../test/support/ffmpegJpeg";
import type { CameraSink, CapturedFrame } from "../../CameraSource";
import type { CameraConfig } from "../../cameraConfig";
import { captureArgs, v4l2InputArgs } from "./ffmpegArgs";
import { V4l2Source } from "./V4l2Source";

const dir = mkdtempSync(join(tmpdir(), "teleop-v4l2-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const camera = (o: Partial<CameraConfig>): CameraConfig => ({
  id: "usb0",
  source: "v4l2",
  width: 320,
  height: 240,
  fps: 30,
  mount: { parent: "base", translation: [0, 0, 1], rotation: [0, 0, 0, 1], frameId: "camera_usb0" },
  ...o,
});

/** A v4l2 source for a test camera with these settings, through Debian's ffmpeg. */
const source = (o: Partial<CameraConfig>) =>
  new V4l2Source({
    camera: camera(o),
    ffmpegPath: "ffmpeg",
    maxFrameBytes: 1 << 20,
    log: createLogger("test", "error"),
  });

class Recorder implements CameraSink {
  frames: Array<CapturedFrame & { at: number }> = [];
  rejects: string[] = [];
  states: Array<[boolean, string | undefined]> = [];
  frame(f: CapturedFrame) {
    this.frames.push({ ...f, at: performance.timeOrigin + performance.now() });
  }
  reject(kind: string, reason: string) {
    this.rejects.push(`${kind}: ${reason}`);
  }
  connected(up: boolean, reason?: string) {
    this.states.push([up, reason]);
  }
}

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await Bun.sleep(20);
  return cond();
};

test("a device's ffmpeg command: its MJPEG at the configured size and rate, kernel timestamps as wall clock", () => {
  const input = v4l2InputArgs(camera({}), "/dev/video2", "mjpeg");
  expect(input.join(" ")).toBe(
    "-f v4l2 -input_format mjpeg -video_size 320x240 -framerate 30 -timestamps abs -i /dev/video2",
  );
  expect(v4l2InputArgs(camera({}), "/dev/video2", "raw")).not.toContain("-input_format");
  const args = captureArgs(input, "mjpeg", 5).join(" ");
  expect(args).toContain("-loglevel error -copyts -f v4l2");
  expect(args.endsWith("-c:v copy -f smjpeg -flush_packets 1")).toBe(true);
  expect(captureArgs(input, "raw", 7).join(" ")).toContain("-c:v mjpeg -q:v 7");
});

test("a test source stands in for the device: JPEG frames at 30 fps with mapped capture times; when it ends the camera is lost and comes back", async () => {
  const src = source({
    format: "raw",
    input: ["-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "1.5"],
  });
  const sink = new Recorder();
  await src.start(sink);
  try {
    expect(await until(() => sink.states.length >= 3, 15_000)).toBe(true);
    expect(sink.states[0]).toEqual([true, undefined]);
    expect(sink.states[1]![0]).toBe(false);
    expect(sink.states[1]![1]).toMatch(/ffmpeg exited/);
    expect(sink.states[2]).toEqual([true, undefined]);
    expect(src.detail()).toMatchObject({ capture: "encoded here", timestamps: "mapped" });
    const first = sink.frames.slice(0, 40);
    expect(first.length).toBeGreaterThanOrEqual(40);
    for (const f of first) {
      expect(hasJpegMarkers(f.jpeg)).toBe(true);
      expect(jpegSize(f.jpeg)).toEqual({ width: 320, height: 240 });
      // Never after it arrived, and not long before.
      expect(f.t).toBeLessThanOrEqual(f.at + 1);
      expect(f.at - f.t).toBeLessThan(1000);
    }
    const gaps = first.slice(1).map((f, i) => f.t - first[i]!.t);
    // Capture times follow the source's clock (1/30 s apart, to SMJPEG's millisecond), not the
    // pipe's bursts; the mapping steps earlier only when a frame arrives quicker than any before it.
    for (const g of gaps) expect(g).toBeGreaterThan(0);
    const onClock = gaps.filter((g) => g === 33 || g === 34).length;
    expect(onClock / gaps.length).toBeGreaterThan(0.6);
    expect(sink.rejects).toEqual([]);
  } finally {
    await src.stop();
  }
}, 30_000);

test("wall-clock pts (a device's -timestamps abs) are kept as the capture times, whole from SMJPEG's 32 bits", async () => {
  const src = source({
    format: "raw",
    // Shifts the test source's pts to now, as a device's kernel timestamps are.
    input: [
      "-re",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=160x120:rate=30",
      "-t",
      "2",
      "-output_ts_offset",
      String(Date.now() / 1000),
    ],
  });
  const sink = new Recorder();
  await src.start(sink);
  try {
    expect(await until(() => sink.frames.length >= 20, 10_000)).toBe(true);
    expect(src.detail()).toMatchObject({ timestamps: "device" });
    for (const f of sink.frames.slice(0, 20)) {
      expect(f.t).toBeLessThanOrEqual(f.at + 1);
      expect(f.at - f.t).toBeLessThan(1000);
    }
  } finally {
    await src.stop();
  }
}, 20_000);

test("MJPEG input is passed through byte for byte (no re-encode)", async () => {
  const file = join(dir, "clip.mjpeg");
  const gen = Bun.spawn(
    [
      "ffmpeg",
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=320x240:rate=30",
      "-frames:v",
      "20",
      "-q:v",
      "4",
      "-f",
      "mjpeg",
      file,
    ],
    { stdout: "ignore", stderr: "inherit" },
  );
  expect(await gen.exited).toBe(0);
  const original = splitJpegStream(await Bun.file(file).bytes());
  expect(original).toHaveLength(20);
  const src = source({
    format: "mjpeg",
    input: ["-re", "-f", "mjpeg", "-framerate", "30", "-i", file],
  });
  const sink = new Recorder();
  await src.start(sink);
  try {
    expect(await until(() => sink.frames.length >= 20, 10_000)).toBe(true);
    expect(sink.frames.slice(0, 20).map((f) => f.jpeg)).toEqual(original);
    expect(src.detail()).toMatchObject({ capture: "mjpeg pass-through" });
  } finally {
    await src.stop();
  }
}, 20_000);
