import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withIndexedReader } from "@teleop/recording/reader";
import { formatReport, verifyFile } from "@teleop/recording/verify";
import { CameraEpisode } from "../../services/recorder/src/CameraEpisode";
import { EpisodeWriter } from "../../services/recorder/src/EpisodeWriter";
import type { TickRecord } from "../../services/recorder/src/sample";
import { type LatestValues, sampleTick } from "../../services/recorder/src/sample";
import {
  cameraFrame,
  cameraInfo,
  robotCommand,
  robotState,
  vrState,
} from "../../services/recorder/src/testFixtures";
import { waitFor } from "../support/bus";

const dir = mkdtempSync(join(tmpdir(), "recorder-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = 1_700_000_000_000;

/** A finished file with one tick at each of `tickTimes` (ms after T0). */
async function file(
  name: string,
  tickTimes: number[],
  latest: (t: number) => LatestValues,
  extra: TickRecord[] = [],
  finalMetadata: Record<string, string> = { duration: "1.000", success: "true", dropped: "3" },
) {
  const path = join(dir, name);
  const w = await EpisodeWriter.open({
    path,
    startMs: T0,
    chunkSeconds: 1,
    bufferSize: 100_000,
    recordingMetadata: {},
    robotModel: {},
    onError: (e) => {
      throw e;
    },
  });
  for (const dt of tickTimes) {
    for (const r of sampleTick(latest(T0 + dt), T0 + dt, 100).records) w.push(r);
  }
  for (const r of extra) w.push(r);
  await waitFor(() => w.depth === 0);
  await w.finish(() => finalMetadata);
  return path;
}

const every25 = (n: number) => Array.from({ length: n }, (_, i) => i * 25);

describe("verifyFile", () => {
  test("rate, longest gap, drops and stale counts", async () => {
    // 41 ticks 25 ms apart, then one 100 ms later; the robot state stops after 200 ms.
    const times = [...every25(41), 1100];
    const path = await file("ok.mcap", times, (t) => ({
      vr: vrState(t, t - 1),
      command: robotCommand(t, t - 1),
      robot: robotState(1, T0),
    }));
    const r = await verifyFile(path);
    expect(r.valid).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.frames).toBe(42);
    expect(r.dropped).toBe(3);
    const rs = r.topics.find((t) => t.topic === "/robot_state")!;
    expect(rs.messages).toBe(42);
    expect(rs.longestGapMs).toBeCloseTo(100, 6);
    expect(rs.rateHz).toBeCloseTo(41 / 1.1, 6);
    // Robot state older than 100 ms from tick 125 ms on (ticks 125..1000 and 1100 = 37 ticks);
    // the control status never arrived (42 ticks).
    expect(r.stale).toEqual({ vr_state: 0, robot_command: 0, robot_state: 37, control_status: 42 });
    expect(formatReport(r)).toContain("VALID");
  });

  test("the seed verifier's warnings: joint count, |q| > 2 pi, action size", async () => {
    const bad = robotState(1, T0);
    const path = await file("warn.mcap", every25(4), (t) => ({
      vr: vrState(t, t),
      command: { ...robotCommand(t, t), action: [0, 0, 0] },
      robot:
        t < T0 + 50
          ? { ...bad, joints: { position: [0, 0, 0, 0, 0, 0], velocity: [] } }
          : { ...bad, joints: { position: [0, 0, 0, 7, 0, 0, 0], velocity: [] } },
    }));
    const r = await verifyFile(path);
    expect(r.valid).toBe(true);
    expect(r.warnings).toEqual([
      "/robot_state: joint count != 7 (2 messages)",
      "/action: action size != 7 (4 messages)",
      "/robot_state: |q| > 2 pi (2 messages)",
    ]);
  });

  test("a file without /action is invalid, and the CLI exits non-zero", async () => {
    const path = await file("noaction.mcap", every25(3), (t) => ({
      vr: vrState(t, t),
      robot: robotState(1, t),
    }));
    const r = await verifyFile(path);
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([
      "missing topic /action",
      "robot_command was stale or missing on every one of the 3 ticks",
    ]);
    const cli = Bun.spawnSync([
      "bun",
      join(import.meta.dir, "../../packages/recording/src/verify.ts"),
      path,
    ]);
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout.toString()).toContain("INVALID");
    expect(cli.stdout.toString()).toContain("missing topic /action");
  });

  test("a file whose VR stream was stale on every tick is INVALID; quality flags say why", async () => {
    const path = await file("stalevr.mcap", every25(40), (t) => ({
      vr: vrState(1, T0 - 5000),
      command: robotCommand(t, t),
      robot: robotState(t, t),
    }));
    const r = await verifyFile(path);
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual(["vr_state was stale or missing on every one of the 40 ticks"]);
    expect(r.quality).toMatchObject({ ticks: 40, droppedTicks: 0, targetHz: 40 });
    expect(r.quality.flags).toEqual(["stale_vr_state", "stale_control_status"]);
    expect(formatReport(r)).toContain("flags stale_vr_state, stale_control_status");
  });

  test("dropped ticks and a low rate are flagged", async () => {
    // 20 Hz ticks in a 40 Hz file: every other slot missed.
    const times = Array.from({ length: 21 }, (_, i) => i * 50);
    const path = await file("lowrate.mcap", times, (t) => ({
      vr: vrState(t, t),
      command: robotCommand(t, t),
      robot: robotState(t, t),
    }));
    const r = await verifyFile(path);
    expect(r.valid).toBe(true);
    expect(r.quality).toMatchObject({ droppedTicks: 20, longestGapMs: 50 });
    expect(r.quality.rateHz).toBeCloseTo(20, 6);
    expect(r.quality.flags).toContain("low_rate");
  });

  test("camera channels: JPEG markers, capture times, fps against the configured rate, frames taken vs held", async () => {
    const cams = new CameraEpisode(T0);
    const extra: TickRecord[] = [...cams.info(cameraInfo(T0, "scene", 30))];
    // 15 frames at 20 fps on a 30 fps camera; frame 7 cut short (no EOI).
    for (let i = 0; i < 15; i++) {
      const f = cameraFrame(i, T0 + 3 + i * 50);
      const data = i === 7 ? f.data.subarray(0, f.data.length - 2) : f.data;
      extra.push(cams.frame({ ...f, data }, f.t + 5)!);
    }
    const meta = {
      duration: "1.000",
      success: "true",
      dropped: "0",
      ...cams.metadata(every25(41).map((d) => T0 + d)),
      // The recorder said it took in 16 frames: one is missing from the file.
      camera_scene_frames: "16",
    };
    const path = await file(
      "camera.mcap",
      every25(41),
      (t) => ({ vr: vrState(t, t), command: robotCommand(t, t), robot: robotState(t, t) }),
      extra,
      meta,
    );
    const r = await verifyFile(path);
    expect(r.cameras).toEqual([
      {
        camera: "scene",
        frames: 15,
        fps: expect.closeTo(20, 6),
        targetFps: 30,
        badJpeg: 1,
        badTimes: 0,
        depthFrames: 0,
        hasCalibration: true,
        framesLost: 0,
      },
    ]);
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([
      "/camera/scene/compressed: 1 frames without JPEG SOI/EOI markers",
      "/camera/scene/compressed: the recorder took in 16 frames (0 dropped) but the file holds 15",
    ]);
    expect(r.warnings).toEqual([
      "/camera/scene/compressed: 20.00 fps, under 95 % of the configured 30",
    ]);
    expect(r.quality.flags).toContain("camera_scene_low_fps");
    expect(formatReport(r)).toContain("camera scene: 15 frames, 20.00 fps (configured 30)");
  });

  test("a chunk whose CRC does not match its records is invalid", async () => {
    const path = await file("crc.mcap", every25(41), (t) => ({
      vr: vrState(t, t - 1),
      command: robotCommand(t, t - 1),
      robot: robotState(t, t - 1),
    }));
    expect((await verifyFile(path)).errors).toEqual([]);
    const start = await withIndexedReader(path, async (r) =>
      Number(r.chunkIndexes[0]!.chunkStartOffset),
    );
    // The stored CRC: after the opcode, the length, both times and the uncompressed size.
    const bytes = await Bun.file(path).bytes();
    bytes[start + 33]! ^= 0xff;
    await Bun.write(path, bytes);
    const r = await verifyFile(path);
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([
      expect.stringMatching(
        new RegExp(`^chunk at ${start}: CRC \\d+ does not match the stored \\d+$`),
      ),
    ]);
  });

  test("a file that is not MCAP is invalid with a reason", async () => {
    const path = join(dir, "junk.mcap");
    await Bun.write(path, "not an mcap file at all, clearly");
    const r = await verifyFile(path);
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toContain("not a valid indexed MCAP");
  });
});
