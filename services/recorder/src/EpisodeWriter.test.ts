import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withIndexedReader } from "@teleop/recording/reader";
import { EpisodeWriter } from "./EpisodeWriter";

const dir = mkdtempSync(join(tmpdir(), "recorder-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("each record is told when its chunk is in the file, then when it is synced; chunks span the interval", async () => {
  const startMs = Date.now();
  const w = await EpisodeWriter.open({
    path: join(dir, "a.mcap"),
    startMs,
    chunkSeconds: 0.05,
    bufferSize: 1000,
    recordingMetadata: {},
    robotModel: {},
    onError: (e) => {
      throw e;
    },
  });
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
