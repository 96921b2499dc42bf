/** `teleop demo` end to end with the real services: summary figures match the written file. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import { lerobotCheck, lerobotPython } from "../support/lerobotCheck";
import { waitForPort } from "../support/natsServer";
import { CliProcess } from "./cli";

const recordings = mkdtempSync(join(tmpdir(), "teleop-demo-"));
afterAll(() => rmSync(recordings, { recursive: true, force: true }));
// The loader check's Python environment, made before the timed demo when it is not there yet.
beforeAll(() => void lerobotPython(), 600_000);

const field = (out: string, name: string) =>
  out.match(new RegExp(`^ {2}${name}\\s{2,}(.*)$`, "m"))?.[1];

test("demo records, saves and verifies one episode, prints an honest summary and stops everything", async () => {
  const started = Date.now();
  const demo = new CliProcess(["demo", "--no-dashboard"], { RECORDINGS_DIR: recordings });
  const code = await demo.exited;
  const tookS = (Date.now() - started) / 1000;
  const out = demo.stdout;
  expect({ code, stderr: demo.stderr }).toEqual({ code: 0, stderr: "" });
  // About 30 s is the promise; a loaded shared machine gets some slack.
  expect(tookS).toBeLessThan(45);
  expect(out).toMatch(/● recording {2}frames \d+/);
  expect(out).toContain("Demo episode saved and verified.");

  const path = field(out, "file")!;
  expect(path.startsWith(join(recordings, "success"))).toBe(true);
  expect(existsSync(path)).toBe(true);
  // Read the file independently and check the summary's figures against it.
  const report = await verifyFile(path);
  expect(report.valid).toBe(true);
  expect(report.success).toBe(true);
  expect(field(out, "frames")).toBe(String(report.frames));
  expect(field(out, "duration")).toBe(`${report.durationS.toFixed(2)} s`);
  const rate = report.frames / report.durationS;
  expect(field(out, "recording rate")).toStartWith(
    `${rate.toFixed(1)} Hz (file: frames / duration)`,
  );
  expect(rate).toBeGreaterThan(30);
  expect(rate).toBeLessThan(42);
  expect(field(out, "dropped records")).toBe(String(report.dropped));
  expect(field(out, "control")).toMatch(
    /^\d+\.\d Hz \(controller loop \d+\.\d Hz\); mode (realtime|predictive)/,
  );
  // The sim arm at the seed's pace: three 50 ms steps per command, so never under 150 ms.
  const rtt = field(out, "robot round-trip")!.match(
    /^(\d+) ms mean .* over (\d+) commands;.*\(sim backend\)$/,
  );
  expect(rtt).not.toBeNull();
  expect(Number(rtt![1])).toBeGreaterThanOrEqual(148);
  expect(Number(rtt![1])).toBeLessThan(400);
  expect(Number(rtt![2])).toBeGreaterThan(10);

  // It ends by exporting the episode to a LeRobot dataset beside the recordings.
  const dataset = out.match(
    /^LeRobot dataset: (\S+) \((\d+\.\d [KMG]iB), (\d+) frames at (\d+) fps\)$/m,
  );
  expect(dataset).not.toBeNull();
  expect(dataset![1]!.startsWith(join(recordings, "lerobot"))).toBe(true);
  const info = JSON.parse(readFileSync(join(dataset![1]!, "meta/info.json"), "utf8"));
  expect(info.codebase_version).toBe("v3.0");
  expect(info.total_episodes).toBe(1);
  expect(String(info.total_frames)).toBe(dataset![3]!);
  expect(String(info.fps)).toBe(dataset![4]!);
  // ...that loads the way LeRobot loads one (every frame time within 1e-4 s).
  const loaded = lerobotCheck(dataset![1]!, join(recordings, "hf-cache"));
  expect({ code: loaded.code, stderr: loaded.stderr }).toEqual({ code: 0, stderr: "" });
  expect(JSON.parse(loaded.stdout)).toMatchObject({ episodes: 1, frames: info.total_frames });

  // Everything stopped: the demo's nats-server no longer accepts connections.
  const port = Number(out.match(/nats-server at nats:\/\/127\.0\.0\.1:(\d+)/)?.[1]);
  await expect(waitForPort(port, 300)).rejects.toThrow(/nothing accepted/);
}, 60_000);

test("demo fails with a clear message when no episode is saved in time", async () => {
  const demo = new CliProcess(["demo", "--no-dashboard", "--timeout", "2"], {
    RECORDINGS_DIR: recordings,
  });
  expect(await demo.exited).toBe(1);
  expect(demo.stdout).toMatch(/FAILED: no episode was saved within 2 s/);
}, 40_000);
