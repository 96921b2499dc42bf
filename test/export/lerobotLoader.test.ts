/**
 * An exported dataset loads the way LeRobot loads one: scripts/lerobot_check.py
 * reads it with Hugging Face `datasets` (the features of info.json), pandas and
 * PyAV (every frame time within LeRobot's 1e-4 s), in the Python environment
 * that scripts/lerobot-check-env.sh makes. Two episodes, the second appended
 * by a second export, AV1 (the default) and two tasks.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExportResult, exportLerobot } from "@teleop/export/exportLerobot";
import * as fixture from "@teleop/export/fixtureRecording";
import type { PoseMsg } from "@teleop/shared/messages";
import { lerobotCheck, lerobotPython } from "../support/lerobotCheck";

const dir = mkdtempSync(join(tmpdir(), "lerobot-loader-"));
const out = join(dir, "dataset");
let first: ExportResult;
let second: ExportResult;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 2 s at 40 Hz with a 20 fps camera (96x64: SVT-AV1 needs 64 rows); values that move. */
function recording(t0: number) {
  const ticks: fixture.FixtureTick[] = [];
  for (let i = 0; i < 80; i++) {
    const t = t0 + 25 * i;
    const pose: PoseMsg = { position: [0.3 + 0.002 * i, 0, 0.4], orientation: [0, 0, 0, 1] };
    ticks.push({
      t,
      robot: fixture.robotStateMsg(t - 4, [0, 0.01 * i, 0, -1.5, 0, 1.5, 0.8], (i % 20) / 20, pose),
      command: fixture.commandMsg(t - 1, [0.02, 0, 0, 0, 0, 0, 0], pose),
    });
  }
  const shades = fixture.solidJpegs(
    Array.from({ length: 40 }, (_, k) => [6 * k, 100, 255 - 6 * k] as [number, number, number]),
    96,
    64,
  );
  return { ticks, cameras: { scene: shades.map((jpeg, k) => ({ t: t0 + 2 + 50 * k, jpeg })) } };
}

const check = (dataset: string) => lerobotCheck(dataset, join(dir, "hf-cache"));

beforeAll(async () => {
  lerobotPython();
  mkdirSync(join(dir, "rec"));
  const a = join(dir, "rec", "a.mcap");
  const b = join(dir, "rec", "b.mcap");
  await fixture.writeFixtureRecording({ path: a, ...recording(1_700_000_000_000), success: true });
  await fixture.writeFixtureRecording({ path: b, ...recording(1_700_000_100_000), success: true });
  first = await exportLerobot({ inputs: [a], out, task: "stack the cube" });
  second = await exportLerobot({ inputs: [b], out, task: "push the cube" });
}, 600_000);

test("the appended AV1 dataset loads: rows, tasks, episodes, stats and every video frame time", () => {
  expect(first.appended).toBe(false);
  expect(second.appended).toBe(true);
  const result = check(out);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    episodes: 2,
    frames: second.totalFrames,
    tasks: ["stack the cube", "push the cube"],
    videos: ["observation.images.scene"],
    fps: 20,
  });
}, 120_000);

test("a video whose frames sit off the dataset's timestamps does not load", () => {
  const shifted = join(dir, "shifted");
  cpSync(out, shifted, { recursive: true });
  const videoDir = join(shifted, "videos", "observation.images.scene", "chunk-000");
  const video = join(videoDir, readdirSync(videoDir)[0] ?? "");
  const moved = `${video}.orig.mp4`;
  renameSync(video, moved);
  const remux = Bun.spawnSync(
    ["ffmpeg", "-v", "error", "-itsoffset", "0.01", "-i", moved, "-c", "copy", video],
    { stderr: "pipe" },
  );
  expect(remux.stderr.toString()).toBe("");
  rmSync(moved);
  const result = check(shifted);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/from the nearest frame \(LeRobot allows 0.0001\)/);
}, 120_000);
