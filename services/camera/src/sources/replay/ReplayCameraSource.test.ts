import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McapWriter, TempBuffer } from "@mcap/core";
import { cameraChannelSpec, compressedImageRecord } from "@teleop/recording/cameraChannels";
import type { CameraFrame } from "@teleop/shared/cameraMessages";
import { createLogger } from "@teleop/shared/log";
import type { CameraSink, CapturedFrame } from "../../CameraSource";
import type { CameraConfig } from "../../cameraConfig";
import { ReplayCameraSource } from "./ReplayCameraSource";

const dir = mkdtempSync(join(tmpdir(), "teleop-camreplay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const jpeg = (k: number) => new Uint8Array([0xff, 0xd8, k, k, 0xff, 0xd9]);

/** A recording with camera `front`: 10 frames 50 ms apart, one of them not a JPEG. */
async function writeRecording(path: string): Promise<void> {
  const buf = new TempBuffer();
  const writer = new McapWriter({ writable: buf, chunkSize: 4096 });
  const enc = new TextEncoder();
  await writer.start({ profile: "", library: "camera replay test" });
  const spec = cameraChannelSpec("front", "compressed");
  const schemaId = await writer.registerSchema({
    name: spec.schemaName,
    encoding: "jsonschema",
    data: enc.encode(JSON.stringify(spec.schema)),
  });
  const channelId = await writer.registerChannel({
    topic: spec.topic,
    schemaId,
    messageEncoding: "json",
    metadata: new Map(),
  });
  const t0 = 1_796_000_000_000;
  for (let i = 0; i < 10; i++) {
    const frame: CameraFrame = {
      v: 1,
      seq: i,
      t: t0 + i * 50,
      camera: "front",
      frameId: "camera_front",
      format: "jpeg",
      width: 4,
      height: 4,
      data: i === 4 ? new Uint8Array([1, 2, 3]) : jpeg(i),
    };
    const ns = BigInt((t0 + i * 50) * 1e6);
    await writer.addMessage({
      channelId,
      sequence: i,
      logTime: ns,
      publishTime: ns,
      data: enc.encode(JSON.stringify(compressedImageRecord(frame))),
    });
  }
  await writer.end();
  await Bun.write(path, buf.get());
}

test("a recorded camera plays at its recorded pace, bad frames left out and reported", async () => {
  const file = join(dir, "rec.mcap");
  await writeRecording(file);
  const camera: CameraConfig = {
    id: "replayed",
    source: "replay",
    file,
    recordedId: "front",
    width: 4,
    height: 4,
    fps: 20,
    mount: {
      parent: "base",
      translation: [0, 0, 1],
      rotation: [0, 0, 0, 1],
      frameId: "camera_front",
    },
  };
  const frames: CapturedFrame[] = [];
  const rejects: string[] = [];
  const states: boolean[] = [];
  const sink: CameraSink = {
    frame: (f) => frames.push(f),
    reject: (kind, reason) => rejects.push(`${kind}: ${reason}`),
    connected: (up) => states.push(up),
  };
  const src = new ReplayCameraSource(camera, createLogger("test", "error"));
  await src.start(sink);
  const deadline = Date.now() + 5000;
  while (states.length < 2 && Date.now() < deadline) await Bun.sleep(20);
  await src.stop();
  expect(states).toEqual([true, false]);
  expect(rejects).toEqual(["replay: 1 recorded frames are not JPEGs"]);
  expect(frames.map((f) => f.jpeg[2])).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
  const span = frames.at(-1)!.t - frames[0]!.t;
  expect(span).toBeGreaterThanOrEqual(440);
  expect(span).toBeLessThan(1500);
  expect(src.detail()).toMatchObject({ played: 9, laps: 1, frames: 9 });
});

test("a recording without that camera does not start", async () => {
  const file = join(dir, "rec2.mcap");
  await writeRecording(file);
  const src = new ReplayCameraSource(
    {
      id: "nope",
      source: "replay",
      file,
      width: 4,
      height: 4,
      fps: 20,
      mount: { parent: "base", translation: [0, 0, 1], rotation: [0, 0, 0, 1], frameId: "x" },
    },
    createLogger("test", "error"),
  );
  const sink: CameraSink = {
    frame: () => undefined,
    reject: () => undefined,
    connected: () => undefined,
  };
  await expect(src.start(sink)).rejects.toThrow(/holds no JPEG frames of camera nope/);
});
