import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import { createLogger } from "@teleop/shared/log";
import { Episodes } from "./Episodes";
import { sampleTick } from "./sample";
import { controlStatus, robotCommand, robotState, vrState } from "./testFixtures";

const root = mkdtempSync(join(tmpdir(), "recorder-episodes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function setup(name: string) {
  const dir = join(root, name);
  let clock = new Date(2026, 10, 25, 10, 0, 0, 0).getTime();
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  const episodes = new Episodes({
    dir,
    chunkSeconds: 1,
    bufferSize: 1000,
    recordingMetadata: { record_hz: "40" },
    targetHz: 40,
    defaults: { task: "", operator: "" },
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
      episodes.record(
        sampleTick(
          {
            vr: vrState(i, t),
            command: robotCommand(i, t),
            robot: robotState(i, t),
            status: controlStatus(i, t),
          },
          t,
          250,
        ),
      );
      await Bun.sleep(0);
    }
  };
  const files = (sub: string) =>
    existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).sort() : [];
  return { dir, episodes, events, ticks, files };
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
