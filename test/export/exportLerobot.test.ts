/**
 * `exportLerobot` on hand-made recordings in the recorder's layout: every
 * column, stat and meta record read back with DuckDB (not the writer's
 * library) and checked against numbers worked out by hand; videos probed with
 * ffprobe for codec, frame count and frame times, and decoded to check that
 * frame k shows the newest camera frame at or before grid time k.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { listFiles } from "@teleop/export/dataset";
import { DEFAULT_TASK, type ExportResult, exportLerobot } from "@teleop/export/exportLerobot";
import {
  commandMsg,
  type FixtureTick,
  robotStateMsg,
  solidJpegs,
  writeFixtureRecording,
} from "@teleop/export/fixtureRecording";
import { frameTimes } from "@teleop/export/videoProbe";

const dir = mkdtempSync(join(tmpdir(), "export-lerobot-"));
const rec = join(dir, "recordings");
let db: DuckDBConnection;
afterAll(() => {
  db?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_700_000_000_000;
const W = 96;
const H = 64;
const q = (rad: number): [number, number, number, number] => [
  0,
  0,
  Math.sin(rad / 2),
  Math.cos(rad / 2),
];

/**
 * 40 ticks at 40 Hz from `t0`: the robot measured 5 ms before each tick, the
 * command made 2 ms before; tick i has joints 0.1 j + 0.001 i, gripper i / 40,
 * TCP x 0.4 + 0.001 i, action [0.01 i, 0, 0, 0, 0, 0, -0.5], target y 0.01 i
 * with yaw 0.1. Cameras at 10 Hz: front 3 ms after each 100 ms, grey 20 m;
 * wrist 7 ms after, grey 20 m + 10.
 */
function episode(t0: number) {
  const ticks: FixtureTick[] = Array.from({ length: 40 }, (_, i) => {
    const t = t0 + 25 * i;
    return {
      t,
      robot: robotStateMsg(
        t - 5,
        Array.from({ length: 7 }, (_, j) => 0.1 * j + 0.001 * i),
        i / 40,
        { position: [0.4 + 0.001 * i, 0, 0.5], orientation: [0, 0, 0, 1] },
      ),
      command: commandMsg(t - 2, [0.01 * i, 0, 0, 0, 0, 0, -0.5], {
        position: [0.5, 0.01 * i, 0.3],
        orientation: q(0.1),
      }),
    };
  });
  return {
    ticks,
    cameras: {
      front: front.map((jpeg, m) => ({ t: t0 + 3 + 100 * m, jpeg })),
      wrist: wrist.map((jpeg, m) => ({ t: t0 + 7 + 100 * m, jpeg })),
    },
  };
}

const grey = (v: number): [number, number, number] => [v, v, v];
const front = solidJpegs(
  Array.from({ length: 10 }, (_, m) => grey(20 * m)),
  W,
  H,
);
const wrist = solidJpegs(
  Array.from({ length: 10 }, (_, m) => grey(20 * m + 10)),
  W,
  H,
);
const f32 = Math.fround;
const files = {
  a: join(rec, "success", "a.mcap"),
  b: join(rec, "success", "b.mcap"),
  failure: join(rec, "failure", "f.mcap"),
  cut: join(rec, "failure", "cut.mcap"),
  garbage: join(rec, "success", "garbage.mcap"),
  later: join(dir, "later.mcap"),
};
const out = join(dir, "dataset");
let result: ExportResult;
const lines: string[] = [];

beforeAll(async () => {
  mkdirSync(join(rec, "success"), { recursive: true });
  mkdirSync(join(rec, "failure"), { recursive: true });
  await writeFixtureRecording({
    path: files.a,
    ...episode(T0),
    success: true,
    recordingMetadata: { task: "put the cube in the bowl", operator: "ada" },
  });
  await writeFixtureRecording({ path: files.b, ...episode(T0 + 60_000), success: true });
  await writeFixtureRecording({ path: files.failure, ...episode(T0 + 120_000), success: false });
  await writeFixtureRecording({ path: files.cut, ...episode(T0 + 180_000), finish: false });
  writeFileSync(files.garbage, "not an mcap file");
  result = await exportLerobot({
    inputs: [rec],
    out,
    task: "fallback task",
    repoId: "lab/cubes",
    onLine: (l) => lines.push(l),
  });
  db = await (await DuckDBInstance.create()).connect();
}, 120_000);

const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson();
const path = (rel: string) => join(out, rel);

describe("a new dataset from a folder of recordings", () => {
  test("successes only; the failure, the cut file and the garbage are reported and skipped", () => {
    expect(result.episodes.map((e) => e.source)).toEqual([files.a, files.b]);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
    expect(reasons[files.failure]).toMatch(/not a success/);
    expect(reasons[files.cut]).toMatch(/not valid/);
    expect(reasons[files.garbage]).toMatch(/not valid/);
    expect(lines.some((l) => l.startsWith(`skipped ${files.cut}`))).toBe(true);
    expect(
      lines.some((l) => /episode 1 \(2\/2\) b\.mcap: 10 frames, 20 in the dataset/.test(l)),
    ).toBe(true);
    // No staging folder is left next to the dataset, and the dataset is not private to its writer.
    expect(listFiles(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
    expect(statSync(out).mode & 0o777).toBe(0o777 & ~process.umask());
  });

  test("layout: one data file, one video per camera, meta files", () => {
    expect(listFiles(out).sort()).toEqual([
      "data/chunk-000/file-000.parquet",
      "meta/episodes/chunk-000/file-000.parquet",
      "meta/info.json",
      "meta/stats.json",
      "meta/tasks.parquet",
      "meta/teleop_export.json",
      "videos/observation.images.front/chunk-000/file-000.mp4",
      "videos/observation.images.wrist/chunk-000/file-000.mp4",
    ]);
  });

  test("info.json: v3.0 fields, fps from the cameras (10 Hz), features with names and video info", () => {
    const info = JSON.parse(readFileSync(path("meta/info.json"), "utf8"));
    expect(info).toMatchObject({
      codebase_version: "v3.0",
      robot_type: "Franka",
      total_episodes: 2,
      total_frames: 20,
      total_tasks: 2,
      chunks_size: 1000,
      data_files_size_in_mb: 100,
      video_files_size_in_mb: 200,
      fps: 10,
      splits: { train: "0:2" },
      data_path: "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet",
      video_path: "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4",
    });
    expect(Object.keys(info.features)).toEqual([
      "observation.state",
      "observation.state.cartesian_position",
      "action",
      "action.cartesian_position",
      "observation.images.front",
      "observation.images.wrist",
      "timestamp",
      "frame_index",
      "episode_index",
      "index",
      "task_index",
    ]);
    expect(info.features["observation.state"]).toEqual({
      dtype: "float32",
      shape: [8],
      names: {
        axes: [
          "joint_0",
          "joint_1",
          "joint_2",
          "joint_3",
          "joint_4",
          "joint_5",
          "joint_6",
          "gripper",
        ],
      },
    });
    expect(info.features.action.shape).toEqual([7]);
    expect(info.features["action.cartesian_position"].names.axes).toEqual([
      "x",
      "y",
      "z",
      "roll",
      "pitch",
      "yaw",
    ]);
    expect(info.features["observation.images.front"]).toEqual({
      dtype: "video",
      shape: [H, W, 3],
      names: ["height", "width", "channels"],
      info: {
        "video.height": H,
        "video.width": W,
        "video.codec": "av1",
        "video.pix_fmt": "yuv420p",
        "video.fps": 10,
        "video.channels": 3,
        has_audio: false,
        is_depth_map: false,
      },
    });
    expect(info.features.index).toEqual({ dtype: "int64", shape: [1], names: null });
    for (const k of Object.keys(info.features)) expect(k).not.toContain("/");
  });

  test("data parquet: types and every value on the grid (newest sample at or before)", async () => {
    const file = path("data/chunk-000/file-000.parquet");
    const types = await rows(`DESCRIBE SELECT * FROM '${file}'`);
    expect(types.map((r) => `${r.column_name}:${r.column_type}`)).toEqual([
      "observation.state:FLOAT[]",
      "observation.state.cartesian_position:FLOAT[]",
      "action:FLOAT[]",
      "action.cartesian_position:FLOAT[]",
      "timestamp:FLOAT",
      "frame_index:BIGINT",
      "episode_index:BIGINT",
      "index:BIGINT",
      "task_index:BIGINT",
    ]);
    const data = await rows(`SELECT * FROM '${file}' ORDER BY "index"`);
    expect(data).toHaveLength(20);
    // Grid starts at the wrist camera's first frame (T0 + 7) and runs every 100 ms to the last
    // tick (T0 + 975): rows k = 0..9. Row k's newest state was measured at tick 4k (T0 + 100k - 5).
    for (const [n, r] of data.entries()) {
      const k = n % 10;
      const i = 4 * k;
      expect(r.episode_index).toBe(String(Math.floor(n / 10)));
      expect(r.frame_index).toBe(String(k));
      expect(r.index).toBe(String(n));
      expect(r.timestamp).toBe(f32(k / 10));
      expect(r["observation.state"]).toEqual(
        [...Array.from({ length: 7 }, (_, j) => 0.1 * j + 0.001 * i), i / 40].map(f32),
      );
      expect(r["observation.state.cartesian_position"]).toEqual(
        [0.4 + 0.001 * i, 0, 0.5, 0, 0, 0].map(f32),
      );
      expect(r.action).toEqual([0.01 * i, 0, 0, 0, 0, 0, -0.5].map(f32));
      const target = r["action.cartesian_position"] as number[];
      expect(target.slice(0, 3)).toEqual([0.5, 0.01 * i, 0.3].map(f32));
      expect(target[5]).toBeCloseTo(0.1, 6);
    }
    // Episode a has the file's task, episode b the --task fallback.
    expect(data.map((r) => r.task_index)).toEqual([...Array(10).fill("0"), ...Array(10).fill("1")]);
  });

  test("tasks.parquet: task and task_index in order of first appearance, pandas index metadata", async () => {
    const file = path("meta/tasks.parquet");
    expect(await rows(`SELECT task, task_index FROM '${file}' ORDER BY task_index`)).toEqual([
      { task: "put the cube in the bowl", task_index: "0" },
      { task: "fallback task", task_index: "1" },
    ]);
    const kv = await rows(
      `SELECT decode(value) v FROM parquet_kv_metadata('${file}') WHERE decode(key) = 'pandas'`,
    );
    expect(JSON.parse(String(kv[0]!.v)).index_columns).toEqual(["task"]);
  });

  test("meta/episodes: indices, spans in the shared videos, and per-episode stats", async () => {
    const file = path("meta/episodes/chunk-000/file-000.parquet");
    const eps = await rows(`SELECT * FROM '${file}' ORDER BY episode_index`);
    expect(eps).toHaveLength(2);
    expect(eps[1]).toMatchObject({
      episode_index: "1",
      tasks: ["fallback task"],
      length: "10",
      "data/chunk_index": "0",
      "data/file_index": "0",
      dataset_from_index: "10",
      dataset_to_index: "20",
      "videos/observation.images.front/chunk_index": "0",
      "videos/observation.images.front/file_index": "0",
      "videos/observation.images.front/from_timestamp": 1,
      "videos/observation.images.front/to_timestamp": 2,
      "meta/episodes/chunk_index": "0",
      "meta/episodes/file_index": "0",
    });
    expect(eps[0]!["videos/observation.images.wrist/from_timestamp"]).toBe(0);
    // State joint_0 over rows k = 0..9 is 0.004 k: mean 0.018, population std 0.004 sqrt(8.25),
    // q01 at position 0.09 -> 0.00036, q50 at 4.5 -> 0.018, q99 at 8.91 -> 0.03564.
    const e0 = eps[0]!;
    const at0 = (stat: string) => (e0[`stats/observation.state/${stat}`] as number[])[0]!;
    expect(at0("mean")).toBeCloseTo(0.018, 7);
    expect(at0("std")).toBeCloseTo(0.004 * Math.sqrt(8.25), 7);
    expect(at0("min")).toBeCloseTo(0, 9);
    expect(at0("max")).toBeCloseTo(0.036, 7);
    expect(at0("q01")).toBeCloseTo(0.00036, 7);
    expect(at0("q10")).toBeCloseTo(0.0036, 7);
    expect(at0("q50")).toBeCloseTo(0.018, 7);
    expect(at0("q90")).toBeCloseTo(0.0324, 7);
    expect(at0("q99")).toBeCloseTo(0.03564, 7);
    expect(e0["stats/observation.state/count"]).toEqual(["10"]);
    expect((e0["stats/observation.state/mean"] as number[])[1]).toBeCloseTo(0.118, 6);
    expect(e0["stats/index/mean"]).toEqual([4.5]);
    expect((eps[1]!["stats/index/mean"] as number[])[0]).toBe(14.5);
    expect((e0["stats/timestamp/max"] as number[])[0]).toBeCloseTo(0.9, 6);
    // Images: (3, 1, 1) per channel in [0, 1]; front frames are greys 20 m -> mean 90 / 255.
    const mean = e0["stats/observation.images.front/mean"] as number[][][];
    expect(mean).toHaveLength(3);
    for (const c of mean) expect(c[0]![0]!).toBeCloseTo(90 / 255, 1);
    expect(Math.abs(mean[0]![0]![0]! - 90 / 255)).toBeLessThan(2 / 255);
    const min = e0["stats/observation.images.wrist/min"] as number[][][];
    expect(Math.abs(min[1]![0]![0]! - 10 / 255)).toBeLessThan(3 / 255);
    expect(e0["stats/observation.images.front/count"]).toEqual(["10"]);
  });

  test("stats.json: every feature; dataset stats aggregate the two episodes", () => {
    const stats = JSON.parse(readFileSync(path("meta/stats.json"), "utf8"));
    expect(Object.keys(stats).sort()).toEqual(
      [
        "action",
        "action.cartesian_position",
        "episode_index",
        "frame_index",
        "index",
        "observation.images.front",
        "observation.images.wrist",
        "observation.state",
        "observation.state.cartesian_position",
        "task_index",
        "timestamp",
      ].sort(),
    );
    for (const s of Object.values(stats) as Record<string, unknown>[]) {
      expect(Object.keys(s).sort()).toEqual(
        ["count", "max", "mean", "min", "q01", "q10", "q50", "q90", "q99", "std"].sort(),
      );
    }
    // Both episodes have the same values except the indices: index 0..19 -> mean 9.5,
    // pooled std = sqrt(8.25 + 25) (two groups of 10 with means 4.5 and 14.5).
    expect(stats.index.count).toEqual([20]);
    expect(stats.index.mean[0]).toBeCloseTo(9.5, 12);
    expect(stats.index.std[0]).toBeCloseTo(Math.sqrt(8.25 + 25), 12);
    expect(stats.index.min).toEqual([0]);
    expect(stats.index.max).toEqual([19]);
    expect(stats.index.q50[0]).toBeCloseTo((4.5 + 14.5) / 2, 12);
    expect(stats.episode_index.mean).toEqual([0.5]);
    expect(stats["observation.state"].mean).toHaveLength(8);
    expect(stats["observation.images.front"].mean).toHaveLength(3);
    expect(stats["observation.images.front"].mean[0]).toHaveLength(1);
    expect(stats["observation.images.front"].count).toEqual([20]);
  });

  test("videos: AV1, one frame per row, frame times on k / fps, frame k = newest camera frame", async () => {
    const info = JSON.parse(readFileSync(path("meta/info.json"), "utf8"));
    for (const cam of ["front", "wrist"]) {
      const file = path(`videos/observation.images.${cam}/chunk-000/file-000.mp4`);
      const probe = Bun.spawnSync([
        "ffprobe",
        "-v",
        "error",
        "-select_streams",
        "v:0",
        "-count_frames",
        "-show_entries",
        "stream=codec_name,pix_fmt,nb_read_frames",
        "-of",
        "json",
        file,
      ]);
      const s = JSON.parse(probe.stdout.toString()).streams[0];
      expect(s).toEqual({ codec_name: "av1", pix_fmt: "yuv420p", nb_read_frames: "20" });
      const times = await frameTimes(file);
      expect(times).toHaveLength(20);
      // LeRobot looks frame k of an episode up at from_timestamp + k / fps, within 1e-4 s.
      for (const [k, t] of times.entries()) expect(Math.abs(t - k / info.fps)).toBeLessThan(1e-4);
      const greys = decodeGrey(file);
      const base = cam === "front" ? 0 : 10;
      for (const [n, g] of greys.entries())
        expect(Math.abs(g - (base + 20 * (n % 10)))).toBeLessThan(4);
    }
  }, 60_000);

  test("the export log keeps the sources, tasks and per-stream lag (p50/max ms)", () => {
    const log = JSON.parse(readFileSync(path("meta/teleop_export.json"), "utf8"));
    expect(log.repo_id).toBe("lab/cubes");
    expect(log.episodes[0]).toMatchObject({ episode_index: 0, source: files.a, length: 10 });
    // Grid T0 + 7 + 100k: the state was measured at T0 + 100k - 5 (12 ms), the command made at
    // T0 + 100k - 2 (9 ms), the front frame captured at T0 + 100k + 3 (4 ms), the wrist at + 7 (0).
    const lag = log.episodes[0].lag_ms;
    expect(lag.robot_state.max).toBeCloseTo(12, 6);
    expect(lag.action.p50).toBeCloseTo(9, 6);
    expect(lag["command.target"].max).toBeCloseTo(9, 6);
    expect(lag["camera.front"].p50).toBeCloseTo(4, 6);
    expect(lag["camera.wrist"].max).toBeCloseTo(0, 6);
    expect(result.episodes[1]!.task).toBe("fallback task");
  });
});

/** The mean grey level of each decoded frame. */
function decodeGrey(file: string): number[] {
  const p = Bun.spawnSync([
    "ffmpeg",
    "-v",
    "error",
    "-i",
    file,
    "-f",
    "rawvideo",
    "-pix_fmt",
    "gray",
    "-",
  ]);
  const bytes = new Uint8Array(p.stdout);
  const out: number[] = [];
  for (let i = 0; i + W * H <= bytes.length; i += W * H) {
    let s = 0;
    for (let j = i; j < i + W * H; j++) s += bytes[j]!;
    out.push(s / (W * H));
  }
  return out;
}

describe("options", () => {
  test("--fps 20 resamples onto a finer grid: frames repeat, never run ahead; H.264 video", async () => {
    const out20 = join(dir, "ds20");
    const r = await exportLerobot({ inputs: [files.a], out: out20, fps: 20, vcodec: "h264" });
    expect(r.fps).toBe(20);
    expect(r.totalFrames).toBe(20);
    expect(r.episodes[0]!.task).toBe("put the cube in the bowl");
    const file = join(out20, "videos/observation.images.front/chunk-000/file-000.mp4");
    const times = await frameTimes(file);
    for (const [k, t] of times.entries()) expect(Math.abs(t - k / 20)).toBeLessThan(1e-4);
    // Grid T0 + 7 + 50k: front frame m (T0 + 3 + 100m) is the newest for k = 2m and 2m + 1.
    const greys = decodeGrey(file);
    expect(greys).toHaveLength(20);
    for (const [k, g] of greys.entries())
      expect(Math.abs(g - 20 * Math.floor(k / 2))).toBeLessThan(4);
    const info = JSON.parse(readFileSync(join(out20, "meta/info.json"), "utf8"));
    expect(info.features["observation.images.front"].info["video.codec"]).toBe("h264");
    const data = await rows(
      `SELECT "observation.state" s FROM '${join(out20, "data/chunk-000/file-000.parquet")}' ORDER BY "index"`,
    );
    // Row k at T0 + 7 + 50k: newest state from tick 2k.
    expect(data.map((d) => (d.s as number[])[7])).toEqual(
      Array.from({ length: 20 }, (_, k) => f32((2 * k) / 40)),
    );
  }, 60_000);

  test("no task anywhere: the clear default", async () => {
    const r = await exportLerobot({ inputs: [files.b], out: join(dir, "dsdefault") });
    expect(r.episodes[0]!.task).toBe(DEFAULT_TASK);
  }, 60_000);

  test("--include-failures adds the failure", async () => {
    const r = await exportLerobot({
      inputs: [rec],
      out: join(dir, "dsall"),
      includeFailures: true,
    });
    expect(r.episodes.map((e) => e.source)).toEqual([files.a, files.b, files.failure]);
  }, 60_000);

  test("a folder with nothing exportable is an error and leaves no dataset", async () => {
    const target = join(dir, "none");
    await expect(exportLerobot({ inputs: [files.cut], out: target })).rejects.toThrow(
      /no recording could be exported/,
    );
    expect(listFiles(dir).some((f) => f.startsWith("none"))).toBe(false);
  });
});

describe("appending", () => {
  test("adds episodes in new files and leaves the old files byte for byte", async () => {
    const before = Object.fromEntries(
      listFiles(out)
        .filter((f) => !f.startsWith("meta/") || f.startsWith("meta/episodes"))
        .map((f) => [f, Bun.hash(readFileSync(join(out, f))).toString()]),
    );
    await writeFixtureRecording({
      path: files.later,
      ...episode(T0 + 240_000),
      success: true,
      recordingMetadata: { task: "put the cube in the bowl" },
    });
    const r = await exportLerobot({ inputs: [files.later], out });
    expect(r.appended).toBe(true);
    expect(r.totalEpisodes).toBe(3);
    for (const [f, h] of Object.entries(before))
      expect(Bun.hash(readFileSync(join(out, f))).toString()).toBe(h);
    expect(
      listFiles(out)
        .filter((f) => f.includes("file-001"))
        .sort(),
    ).toEqual([
      "data/chunk-000/file-001.parquet",
      "meta/episodes/chunk-000/file-001.parquet",
      "videos/observation.images.front/chunk-000/file-001.mp4",
      "videos/observation.images.wrist/chunk-000/file-001.mp4",
    ]);
    const data = await rows(`SELECT * FROM '${path("data/*/*.parquet")}' ORDER BY "index"`);
    expect(data.map((d) => Number(d.index))).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // The known task keeps its index.
    expect(data.slice(20).every((d) => d.task_index === "0" && d.episode_index === "2")).toBe(true);
    const eps = await rows(
      `SELECT * FROM '${path("meta/episodes/*/*.parquet")}' ORDER BY episode_index`,
    );
    expect(eps[2]).toMatchObject({
      dataset_from_index: "20",
      dataset_to_index: "30",
      "data/file_index": "1",
      "videos/observation.images.front/file_index": "1",
      "videos/observation.images.front/from_timestamp": 0,
      "meta/episodes/file_index": "1",
    });
    const info = JSON.parse(readFileSync(path("meta/info.json"), "utf8"));
    expect([info.total_episodes, info.total_frames, info.total_tasks, info.splits.train]).toEqual([
      3,
      30,
      2,
      "0:3",
    ]);
    const stats = JSON.parse(readFileSync(path("meta/stats.json"), "utf8"));
    expect(stats.index.count).toEqual([30]);
    expect(stats.index.mean[0]).toBeCloseTo(14.5, 9);
    // Three groups of 10 with means 4.5, 14.5, 24.5: variance 8.25 + 200 / 3.
    expect(stats.index.std[0]).toBeCloseTo(Math.sqrt(8.25 + 200 / 3), 9);
    const log = JSON.parse(readFileSync(path("meta/teleop_export.json"), "utf8"));
    expect(log.episodes.map((e: { source: string }) => e.source)).toEqual([
      files.a,
      files.b,
      files.later,
    ]);
    expect(log.repo_id).toBe("lab/cubes");
  }, 60_000);

  test("--fps that differs from the dataset's is refused", async () => {
    await expect(exportLerobot({ inputs: [files.later], out, fps: 30 })).rejects.toThrow(
      /differs from the dataset's fps 10/,
    );
  });

  test("a recording whose cameras differ from the dataset's is skipped, the dataset untouched", async () => {
    const one = join(dir, "one-camera.mcap");
    const e = episode(T0 + 300_000);
    await writeFixtureRecording({
      path: one,
      ticks: e.ticks,
      cameras: { front: e.cameras.front },
      success: true,
    });
    const info = readFileSync(path("meta/info.json"), "utf8");
    const said: string[] = [];
    await expect(
      exportLerobot({ inputs: [one], out, onLine: (l) => said.push(l) }),
    ).rejects.toThrow(/no episode could be exported/);
    expect(said).toContain(
      `skipped ${one}: cameras front ${W}x${H} differ from the dataset's (front ${W}x${H}, wrist ${W}x${H})`,
    );
    expect(readFileSync(path("meta/info.json"), "utf8")).toBe(info);
  }, 60_000);

  test("a folder that is not a dataset is refused", async () => {
    const other = join(dir, "other");
    mkdirSync(other);
    writeFileSync(join(other, "x.txt"), "x");
    await expect(exportLerobot({ inputs: [files.a], out: other })).rejects.toThrow(
      /not a LeRobot dataset/,
    );
  });
});
