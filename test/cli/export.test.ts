/** `teleop export lerobot` as a user runs it: progress and summary lines, clear usage errors. */
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  commandMsg,
  robotStateMsg,
  solidJpegs,
  writeFixtureRecording,
} from "@teleop/export/fixtureRecording";
import { CliProcess } from "./cli";

const dir = mkdtempSync(join(tmpdir(), "cli-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const p = new CliProcess(["export", ...args], {});
  return { code: await p.exited, out: p.stdout, err: p.stderr };
}

test("exports a recording and says where the dataset is, its size and speed", async () => {
  const file = join(dir, "e.mcap");
  const t0 = 1_700_000_000_000;
  const pose = {
    position: [0.4, 0, 0.4] as [number, number, number],
    orientation: [0, 0, 0, 1] as [number, number, number, number],
  };
  const jpeg = solidJpegs([[200, 100, 50]], 96, 64)[0]!;
  await writeFixtureRecording({
    path: file,
    ticks: Array.from({ length: 80 }, (_, i) => ({
      t: t0 + 25 * i,
      robot: robotStateMsg(t0 + 25 * i, [0, 0, 0, 0, 0, 0, 0], 0, pose),
      command: commandMsg(t0 + 25 * i, [0, 0, 0, 0, 0, 0, 0], pose),
    })),
    cameras: { top: Array.from({ length: 20 }, (_, k) => ({ t: t0 + 100 * k, jpeg })) },
    success: true,
  });
  const out = join(dir, "ds");
  const r = await run(
    "lerobot",
    file,
    "--out",
    out,
    "--task",
    "stack the blocks",
    "--vcodec",
    "h264",
  );
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(r.out).toMatch(
    /episode 0 \(1\/1\) e\.mcap: 20 frames, 20 in the dataset; lag p50\/max ms: robot_state 0\/0/,
  );
  expect(r.out).toMatch(
    new RegExp(`dataset ${out} \\(new\\): 1 episodes, 20 frames, \\d+\\.\\d KiB`),
  );
  expect(r.out).toMatch(
    /exported 1 episode\(s\), 2\.0 s of recording at 10 fps in \d+\.\d s \(\d+\.\dx real time\)/,
  );
  expect(existsSync(join(out, "meta/info.json"))).toBe(true);
}, 60_000);

test("usage errors name what is wrong", async () => {
  expect((await run("lerobot", dir)).err).toMatch(
    /usage: teleop export lerobot <files or folders> --out <dir>/,
  );
  const bad = await run("lerobot", dir, "--out", join(dir, "x"), "--vcodec", "vp9");
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/--vcodec must be av1 or h264, not "vp9"/);
  expect((await run("lerobot", dir, "--out", join(dir, "x"), "--fps", "0")).err).toMatch(
    /--fps needs/,
  );
  expect((await run("lerobot", join(dir, "nope"), "--out", join(dir, "x"))).err).toMatch(
    /no such file or folder/,
  );
}, 30_000);
