import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MCAP_MAGIC, Opcode } from "@mcap/core";
import { isFinishedMcap as isFinished } from "@teleop/recording/reader";
import { verifyFile } from "@teleop/recording/verify";
import { waitFor } from "../../../test/support/bus";
import { CameraEpisode } from "./CameraEpisode";
import { EpisodeWriter } from "./EpisodeWriter";
import { recoverUnfinished } from "./recovery";
import { sampleTick } from "./sample";
import { cameraFrame, cameraInfo, latestAt } from "./testFixtures";

const dir = mkdtempSync(join(tmpdir(), "recorder-recovery-"));
mkdirSync(join(dir, "failure"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An episode of `ticks` 25 ms ticks whose writer is dropped without finishing, as a kill leaves it. */
async function unfinished(name: string, ticks: number, withCamera = false): Promise<string> {
  const path = join(dir, "failure", name);
  const t0 = 1_700_000_000_000;
  const w = await EpisodeWriter.open({
    path,
    startMs: t0,
    chunkSeconds: 1,
    bufferSize: 100_000,
    recordingMetadata: {
      start_time_ns: String(BigInt(t0) * 1_000_000n),
      task: "stack the cubes",
      camera_wrist_target_fps: "30",
    },
    robotModel: { robot_type: "fr3" },
    onError: (e) => {
      throw e;
    },
  });
  let records = 2;
  const cams = new CameraEpisode(t0);
  if (withCamera) {
    for (const r of cams.info(cameraInfo(t0, "wrist"))) {
      w.push(r);
      records++;
    }
  }
  let seq = 0;
  for (let i = 0; i < ticks; i++) {
    const t = t0 + i * 25;
    // A 30 fps camera: one frame in each 33.3 ms, captured 4 ms after the slot.
    for (; withCamera && t0 + 4 + (seq * 1000) / 30 <= t; seq++) {
      const ct = t0 + 4 + (seq * 1000) / 30;
      w.push(cams.frame(cameraFrame(seq, ct, "wrist"), ct + 3)!);
      records++;
    }
    for (const r of sampleTick(latestAt(i, t - 2), t, 250).records) {
      w.push(r);
      records++;
    }
  }
  expect(await waitFor(() => w.written === records)).toBe(true);
  await w.abandon();
  return path;
}

test("an unfinished file is rewritten in place as a valid indexed MCAP holding its closed chunks", async () => {
  // 104 ticks = 2.6 s: chunks close at 1 s and 2 s of log time, ticks 80..103 were still open.
  const path = await unfinished("trajectory_a.mcap", 104);
  expect(await isFinished(path)).toBe(false);
  const [r, ...rest] = await recoverUnfinished(dir, 1);
  expect(rest).toHaveLength(0);
  expect(r).toMatchObject({ path, frames: 80 });
  expect(await isFinished(path)).toBe(true);
  const report = await verifyFile(path);
  expect(report.errors).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.recovered).toBe(true);
  expect(report.frames).toBe(80);
  expect(report.success).toBe(false);
  expect(report.metadata.recording_metadata).toBeDefined();
  expect(report.metadata.robot_model?.robot_type).toBe("fr3");
  expect(report.topics.find((t) => t.topic === "/robot_state")?.messages).toBe(80);
  // A second start finds nothing left to recover.
  expect(await recoverUnfinished(dir, 1)).toEqual([]);
});

/** Byte offset and length of the last Chunk record (opcode 0x06), walking the record framing. */
function lastChunk(bytes: Uint8Array): { offset: number; length: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let found = { offset: 0, length: 0 };
  for (let at = MCAP_MAGIC.length; at + 9 <= bytes.length; ) {
    const length = 9 + Number(view.getBigUint64(at + 1, true));
    if (bytes[at] === Opcode.CHUNK) found = { offset: at, length };
    at += length;
  }
  return found;
}

test("a file cut in the middle of a chunk keeps the chunks before the cut", async () => {
  const path = await unfinished("trajectory_b.mcap", 104);
  const chunk = lastChunk(await Bun.file(path).bytes());
  truncateSync(path, chunk.offset + Math.floor(chunk.length / 2));
  const [r] = await recoverUnfinished(dir, 1);
  expect(r?.frames).toBe(40);
  expect((await verifyFile(path)).valid).toBe(true);
});

test("camera frames survive a kill with the chunks that hold them; the figures are recomputed", async () => {
  // 2.6 s: the chunks of the first 2 s are on disk, with 60 camera frames in them.
  const path = await unfinished("trajectory_c.mcap", 104, true);
  const [r] = await recoverUnfinished(dir, 1);
  expect(r?.frames).toBe(80);
  const report = await verifyFile(path);
  expect(report.errors).toEqual([]);
  expect(report.cameras).toHaveLength(1);
  const cam = report.cameras[0]!;
  expect(cam).toMatchObject({ camera: "wrist", targetFps: 30, badJpeg: 0, badTimes: 0 });
  expect(cam.frames).toBeGreaterThanOrEqual(58);
  expect(cam.frames).toBeLessThanOrEqual(60);
  expect(cam.fps).toBeCloseTo(30, 3);
  expect(report.task).toBe("stack the cubes");
  const final = report.metadata.final_metadata!;
  expect(final).toMatchObject({
    recovered: "true",
    cameras: "wrist",
    camera_wrist_frames: String(cam.frames),
    dropped_ticks: "0",
    quality: "ok",
    task: "stack the cubes",
  });
});

test("no failure/ folder: nothing to do", async () => {
  expect(await recoverUnfinished(join(dir, "missing"), 1)).toEqual([]);
});
