import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import { createLogger } from "@teleop/shared/log";
import { Episodes } from "./Episodes";
import { sampleTick } from "./sample";
import { cameraFrame, cameraInfo, latestAt } from "./testFixtures";

const root = mkdtempSync(join(tmpdir(), "recorder-episodes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function setup(
  name: string,
  labels: {
    defaults?: { task: string; operator: string };
    sourceTask?: () => string | undefined;
  } = {},
) {
  const dir = join(root, name);
  let clock = new Date(2026, 10, 25, 10, 0, 0, 0).getTime();
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  const episodes = new Episodes({
    dir,
    chunkSeconds: 1,
    bufferSize: 1000,
    recordingMetadata: { record_hz: "40" },
    targetHz: 40,
    defaults: labels.defaults ?? { task: "", operator: "" },
    sourceTask: labels.sourceTask,
    log: createLogger("test", "error"),
    event: (type, data) => events.push({ type, data }),
    onWriteError: (e) => {
      throw e;
    },
    onDrop: () => {
      throw new Error("dropped");
    },
    clock: () => clock,
  });
  /** Advance the clock by `n` 25 ms ticks, recording each. */
  const ticks = async (n: number) => {
    for (let i = 0; i < n; i++) {
      clock += 25;
      const t = clock;
      episodes.record(sampleTick(latestAt(i, t), t, 250));
      await Bun.sleep(0);
    }
  };
  const files = (sub: string) =>
    existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).sort() : [];
  const skip = (n: number) => {
    clock += 25 * n;
  };
  const at = () => clock;
  return { dir, episodes, events, ticks, files, skip, at };
}

describe("Episodes", () => {
  test("start records into failure/; success moves it to success/ with the duration", async () => {
    const { episodes, events, ticks, files } = setup("success");
    const started = await episodes.start();
    expect(started).toMatchObject({ ok: true, recording: true, frames: 0 });
    expect(files("failure")).toEqual(["trajectory_20261125_100000_000.mcap"]);
    await ticks(80);
    expect(episodes.reply()).toMatchObject({ recording: true, frames: 80, durationS: 2 });
    const saved = await episodes.save(true);
    expect(saved).toMatchObject({ ok: true, recording: false, frames: 80, durationS: 2 });
    expect(files("failure")).toEqual([]);
    expect(files("success")).toEqual(["trajectory_20261125_100000_000_2.0s.mcap"]);
    expect(saved.path).toEndWith("success/trajectory_20261125_100000_000_2.0s.mcap");
    expect(events.map((e) => e.type)).toEqual(["episode.started", "episode.saved"]);
    expect(events[1]!.data).toMatchObject({ frames: 80, success: true, durationS: 2 });
    const r = await verifyFile(saved.path!);
    expect(r.valid).toBe(true);
    expect(r.frames).toBe(80);
    expect(r.metadata.final_metadata).toMatchObject({
      success: "true",
      frames: "80",
      dropped: "0",
      duration: "2.000",
      recovered: "false",
    });
    expect(r.metadata.recording_metadata?.record_hz).toBe("40");
    expect(r.metadata.robot_model?.robot_type).toBe("fr3");
  });

  test("save as failure stays in failure/; discard deletes", async () => {
    const { episodes, events, ticks, files } = setup("failure");
    await episodes.start();
    await ticks(4);
    const saved = await episodes.save(false);
    expect(saved.ok).toBe(true);
    expect(files("failure")).toEqual(["trajectory_20261125_100000_000.mcap"]);
    expect((await verifyFile(saved.path!)).success).toBe(false);
    await ticks(1);
    await episodes.start();
    await ticks(4);
    const discarded = await episodes.discard();
    expect(discarded).toMatchObject({ ok: true, recording: false, frames: 4 });
    expect(files("failure")).toEqual(["trajectory_20261125_100000_000.mcap"]);
    expect(events.map((e) => e.type)).toEqual([
      "episode.started",
      "episode.saved",
      "episode.started",
      "episode.discarded",
    ]);
  });

  test("buttons: A starts, A again discards, B saves; bad sequences are refused", async () => {
    const { episodes, ticks, files } = setup("buttons");
    expect(await episodes.secondaryButton()).toMatchObject({ ok: false, error: "not recording" });
    expect((await episodes.primaryButton()).recording).toBe(true);
    expect(await episodes.start()).toMatchObject({ ok: false, recording: true });
    expect((await episodes.primaryButton()).recording).toBe(false);
    expect(files("failure")).toEqual([]);
    await ticks(2);
    await episodes.primaryButton();
    await ticks(2);
    expect(await episodes.secondaryButton()).toMatchObject({ ok: true, frames: 2 });
    expect(files("success")).toHaveLength(1);
    expect(await episodes.discard()).toMatchObject({ ok: false, error: "not recording" });
  });

  test("task: the request's, else the VR source's, else the configured default; operator likewise", async () => {
    let source: string | undefined = "scenario task";
    const { episodes, ticks } = setup("labels", {
      defaults: { task: "configured task", operator: "lab operator" },
      sourceTask: () => source,
    });
    const labelsOf = async (req: Parameters<Episodes["start"]>[0]) => {
      await episodes.start(req);
      await ticks(2);
      const r = await verifyFile((await episodes.save(false)).path!);
      const f = r.metadata.final_metadata!;
      return [f.task, f.task_source, f.operator, f.notes];
    };
    expect(await labelsOf({ task: " stack the cups ", operator: "ana", notes: "n" })).toEqual([
      "stack the cups",
      "request",
      "ana",
      "n",
    ]);
    expect(await labelsOf({})).toEqual(["scenario task", "source", "lab operator", ""]);
    source = undefined;
    expect(await labelsOf({ task: "  " })).toEqual([
      "configured task",
      "config",
      "lab operator",
      "",
    ]);
  });

  test("quality: rate, dropped ticks, longest gap and flags in final_metadata", async () => {
    const { episodes, ticks, skip } = setup("quality");
    await episodes.start();
    await ticks(40);
    skip(4); // four missed slots: a 125 ms hole
    await ticks(40);
    const r = await verifyFile((await episodes.save(true)).path!);
    expect(r.metadata.final_metadata).toMatchObject({
      target_hz: "40",
      dropped_ticks: "4",
      longest_gap_ms: "125.0",
      quality: "ok",
      quality_flags: "",
      cameras: "",
    });
    expect(Number(r.metadata.final_metadata!.rate_hz)).toBeCloseTo((79 * 1000) / (83 * 25), 2);
    // verify recomputes the same figures from the file.
    expect(r.quality).toMatchObject({ droppedTicks: 4, longestGapMs: 125, flags: [] });
  });

  test("camera frames and infos go into the running episode; infos seen while idle are written at its start", async () => {
    const { episodes, ticks, at } = setup("cameras");
    episodes.cameraInfo(cameraInfo(at(), "wrist"));
    episodes.cameraFrame(cameraFrame(0, at() + 1, "wrist"), at() + 2);
    await episodes.start();
    for (let i = 1; i <= 10; i++) {
      episodes.cameraFrame(cameraFrame(i, at() + 3, "wrist"), at() + 4);
      await ticks(1);
    }
    episodes.cameraRefused("wrist");
    const r = await verifyFile((await episodes.save(true)).path!);
    expect(r.errors).toEqual([]);
    expect(r.cameras).toMatchObject([
      { camera: "wrist", frames: 10, hasCalibration: true, targetFps: 30 },
    ]);
    expect(r.metadata.final_metadata).toMatchObject({
      cameras: "wrist",
      camera_wrist_frames: "10",
      camera_wrist_frames_lost: "0",
      camera_wrist_frames_refused: "1",
      camera_wrist_arrival_latency_p50_ms: "1.0",
      camera_wrist_mount_parent: "fr3_hand",
    });
    // 40 fps frames from a camera configured at 30 fps: not low.
    expect(r.quality.flags).toEqual([]);
  });

  test("A pressed again while the start is still opening its file discards that episode", async () => {
    const { episodes, files, events } = setup("quick-a");
    const first = episodes.primaryButton();
    const second = episodes.primaryButton();
    expect(await first).toMatchObject({ ok: true, recording: true });
    expect(await second).toMatchObject({ ok: true, recording: false });
    expect(episodes.recording).toBe(false);
    expect(files("failure")).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(["episode.started", "episode.discarded"]);
  });

  test("shutdown while recording keeps the episode as a finished failure", async () => {
    const { episodes, ticks, files } = setup("shutdown");
    await episodes.start();
    await ticks(3);
    await episodes.close();
    const [name] = files("failure");
    const r = await verifyFile(join(root, "shutdown", "failure", name!));
    expect(r).toMatchObject({ valid: true, frames: 3, success: false });
  });
});
