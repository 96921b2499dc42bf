import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cameraChannelSpec } from "@teleop/recording/cameraChannels";
import { readTopics, withIndexedReader } from "@teleop/recording/reader";
import { EpisodeWriter } from "./EpisodeWriter";

const dir = mkdtempSync(join(tmpdir(), "recorder-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (name: string, startMs: number, bufferBytes?: number) =>
  EpisodeWriter.open({
    path: join(dir, name),
    startMs,
    chunkSeconds: 0.05,
    bufferSize: 1000,
    bufferBytes,
    recordingMetadata: {},
    robotModel: {},
    onError: (e) => {
      throw e;
    },
  });

test("each record is told when its chunk is in the file, then when it is synced; chunks span the interval", async () => {
  const startMs = Date.now();
  const w = await open("a.mcap", startMs);
  const told: Array<Array<[number, boolean]>> = [];
  for (let i = 0; i < 40; i++) {
    const calls: Array<[number, boolean]> = [];
    told.push(calls);
    w.push({
      channel: "staleness",
      logTimeMs: startMs + i * 25,
      publishTimeMs: startMs + i * 25,
      message: { stale: [] },
      onDisk: (at, synced) => calls.push([at, synced]),
    });
    await Bun.sleep(1);
  }
  await w.finish(() => ({}));
  for (const calls of told) {
    expect(calls.map(([, synced]) => synced)).toEqual([false, true]);
    expect(calls[1]![0]).toBeGreaterThanOrEqual(calls[0]![0]);
  }
  await withIndexedReader(w.path, async (r) => {
    // 40 ticks over 1 s in chunks of 50 ms of log time (two ticks each).
    expect(r.chunkIndexes.length).toBeGreaterThanOrEqual(20);
    for (const c of r.chunkIndexes) {
      expect(c.messageEndTime - c.messageStartTime).toBeLessThan(50_000_000n);
    }
  });
});

test("queued camera frames are bounded by bytes too: past the bound they are dropped and counted, small records still go in", async () => {
  const startMs = Date.now();
  const w = await open("bytes.mcap", startMs, 200_000);
  await Bun.sleep(20);
  const channel = cameraChannelSpec("wrist", "compressed");
  const pushed: boolean[] = [];
  // In one turn of the event loop, as when the writer is stuck on a slow disk.
  for (let i = 0; i < 6; i++) {
    const t = startMs + 10 + i;
    const message = { frame_id: "wrist", format: "jpeg", data: "A".repeat(60_000) };
    pushed.push(w.push({ channel, logTimeMs: t, publishTimeMs: t, message }));
  }
  const t = startMs + 20;
  pushed.push(w.push({ channel: "staleness", logTimeMs: t, publishTimeMs: t, message: {} }));
  expect(pushed).toEqual([true, true, true, false, false, false, true]);
  expect(w.dropped).toBe(3);
  await w.finish(() => ({}));
  expect((await readTopics(w.path, [channel.topic])).messages).toHaveLength(3);
});
