import { expect, test } from "bun:test";
import { CameraEpisode } from "./CameraEpisode";
import { cameraDepth, cameraFrame, cameraInfo } from "./testFixtures";

const START = 1_000_000;

test("info is written once per change, stamped inside the episode, with its mount on /tf_static", () => {
  const ep = new CameraEpisode(START);
  const first = ep.info(cameraInfo(START - 400, "wrist"));
  expect(first.map((r) => (typeof r.channel === "string" ? r.channel : r.channel.topic))).toEqual([
    "/camera/wrist/camera_info",
    "tfStatic",
    "foxgloveTf",
  ]);
  expect(first.every((r) => r.logTimeMs === START)).toBe(true);
  expect(first[1]!.message).toMatchObject({
    transforms: [{ header: { frame_id: "fr3_hand" }, child_frame_id: "camera_wrist" }],
  });
  // The 1 Hz repeat of the same info adds nothing; a changed one is written again.
  expect(ep.info(cameraInfo(START + 600, "wrist"))).toEqual([]);
  expect(ep.info({ ...cameraInfo(START + 1600, "wrist"), fps: 15 })).toHaveLength(3);
});

test("frames: capture time as log time; out-of-order refused; figures per camera", () => {
  const ep = new CameraEpisode(START);
  ep.info(cameraInfo(START, "scene", 30));
  const ticks = Array.from({ length: 41 }, (_, i) => START + i * 25);
  // 30 fps for 0.8 s, seq 3 and 4 lost upstream (so 22 intervals in 0.8 s: 27.5 fps), one frame dropped in the buffer.
  const seqs = [0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
  const diskAt = START + 2000;
  for (const seq of seqs) {
    const t = START + 5 + (seq * 1000) / 30;
    const r = ep.frame(cameraFrame(seq, t), t + 8)!;
    expect(r.logTimeMs).toBe(t);
    expect(r.channel).toMatchObject({ topic: "/camera/scene/compressed" });
    r.onDisk?.(diskAt, false);
    r.onDisk?.(diskAt + 30, true);
  }
  expect(ep.frame(cameraFrame(99, START + 10), START + 20)).toBeUndefined();
  // Captured before the episode began: not part of it, not counted.
  expect(ep.frame(cameraFrame(100, START - 5, "wrist"), START + 20)).toBeUndefined();
  expect(ep.depth(cameraDepth(100, START - 5, "wrist"))).toBeUndefined();
  ep.dropped("scene");
  ep.refused("scene");
  expect(ep.depth(cameraDepth(0, START + 5))?.channel).toMatchObject({
    topic: "/camera/scene/depth",
  });
  const m = ep.metadata(ticks);
  expect(m).toMatchObject({
    cameras: "scene",
    camera_scene_frames: String(seqs.length),
    camera_scene_fps: "27.50",
    camera_scene_target_fps: "30",
    camera_scene_frames_lost: "2",
    camera_scene_frames_dropped: "1",
    camera_scene_frames_refused: "1",
    camera_scene_frames_out_of_order: "1",
    camera_scene_depth_frames: "1",
    camera_scene_arrival_latency_p50_ms: "8.0",
    camera_scene_mount_parent: "base",
  });
  // Disk latency of the first frame is the largest: 2000 - 5 ms in the file, synced 30 ms later.
  expect(m.camera_scene_disk_latency_p99_ms).toBe("1995.0");
  expect(m.camera_scene_synced_latency_p99_ms).toBe("2025.0");
  expect(Math.abs(Number(m.camera_scene_tick_offset_abs_p99_ms))).toBeLessThanOrEqual(12.5);
  expect(ep.qualities()).toEqual([
    { camera: "scene", fps: expect.closeTo(27.5, 6), targetFps: 30, framesLost: 3 },
  ]);
});
