/**
 * `make bench-export`: export of a 30 s episode with two 640x480 cameras at
 * 30 fps (ffmpeg testsrc2 / testsrc frames) written in the recorder's layout,
 * as a multiple of real time, for AV1 (LeRobot's encoding) and H.264. The
 * export runs as the CLI in its own process, so its CPU time includes every
 * ffmpeg it ran; the machine is shared, so the table gives both the wall-time
 * factor and the one the same CPU work gives on idle cores, with the load
 * average before and after each run. For reference, ffmpeg alone decodes and
 * encodes one camera's JPEGs with the export's own arguments: CPU ms per frame.
 * Prints a table and writes bench/results/export.json.
 * EXPORT_BENCH_SECONDS (30) and EXPORT_BENCH_CODECS (av1,h264) change the run.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { listFiles } from "@teleop/export/dataset";
import {
  commandMsg,
  type FixtureTick,
  robotStateMsg,
  writeFixtureRecording,
} from "@teleop/export/fixtureRecording";
import { formatBytes } from "@teleop/export/format";
import { lavfi } from "@teleop/export/lavfi";
import { statsDownsample } from "@teleop/export/stats";
import { JPEG_INPUT, type VideoCodec, videoOutputArgs } from "@teleop/export/video";
import { stopDescendantsOnSignal } from "./descendants";
import { machineFacts } from "./machine";

const SECONDS = Number(process.env.EXPORT_BENCH_SECONDS ?? 30);
const CODECS = (process.env.EXPORT_BENCH_CODECS ?? "av1,h264").split(",") as VideoCodec[];
const FPS = 30;
const CLI = resolve(import.meta.dir, "../packages/cli/src/main.ts");
const log = (line: string) => process.stderr.write(`bench-export: ${line}\n`);
stopDescendantsOnSignal(log);

/** `SECONDS` of 640x480 JPEG frames of one ffmpeg test pattern. */
function testFrames(pattern: string, dir: string): Uint8Array[] {
  mkdirSync(dir, { recursive: true });
  lavfi(`${pattern}=size=640x480:rate=${FPS}`, [
    "-t",
    String(SECONDS),
    "-q:v",
    "3",
    join(dir, "f%05d.jpg"),
  ]);
  return readdirSync(dir)
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
}

/** CPU seconds of ffmpeg alone over `input` (JPEGs one after another) with `output` arguments. */
async function ffmpegCpu(input: string, output: string[]): Promise<number> {
  const cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"];
  const proc = Bun.spawn(
    [...cmd, ...JPEG_INPUT, "-framerate", String(FPS), "-i", input, ...output],
    {
      stdout: "ignore",
      stderr: "pipe",
    },
  );
  const err = await new Response(proc.stderr).text();
  if ((await proc.exited) !== 0) throw new Error(`ffmpeg: ${err}`);
  return Number(proc.resourceUsage()?.cpuTime.total ?? 0) / 1e6;
}

function folderBytes(dir: string): number {
  return listFiles(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

const work = mkdtempSync(join(tmpdir(), "bench-export-"));
try {
  log(`making a ${SECONDS} s episode with two 640x480 cameras at ${FPS} fps`);
  const t0 = Date.now() - SECONDS * 1000;
  const ticks: FixtureTick[] = Array.from({ length: SECONDS * 40 }, (_, i) => {
    const t = t0 + 25 * i;
    const s = Math.sin(i / 40);
    return {
      t,
      robot: robotStateMsg(
        t - 8,
        [0, -0.8, 0, -2.4, 0, 1.6, 0.8].map((q) => q + 0.1 * s),
        0.5 + 0.5 * s,
        { position: [0.4 + 0.05 * s, 0, 0.4], orientation: [1, 0, 0, 0] },
      ),
      command: commandMsg(t - 3, [0.1 * s, 0, 0, 0, 0, 0, 0], {
        position: [0.45, 0.05 * s, 0.4],
        orientation: [1, 0, 0, 0],
      }),
    };
  });
  const cameras = {
    front: testFrames("testsrc2", join(work, "front")).map((jpeg, k) => ({
      t: t0 + 4 + (1000 * k) / FPS,
      jpeg,
    })),
    wrist: testFrames("testsrc", join(work, "wrist")).map((jpeg, k) => ({
      t: t0 + 9 + (1000 * k) / FPS,
      jpeg,
    })),
  };
  const file = join(work, "episode.mcap");
  await writeFixtureRecording({ path: file, ticks, cameras, success: true });
  const cores = cpus().length;
  const results = [];
  // ffmpeg alone on one camera's frames with the export's own arguments (one thread, as each
  // of the two cameras gets one core; the stats frames to /dev/null): the floor under the export.
  const mjpeg = join(work, "front.mjpeg");
  writeFileSync(mjpeg, Buffer.concat(cameras.front.map((f) => f.jpeg)));
  const frameMs = (cpuS: number) => (1000 * cpuS) / cameras.front.length;
  const ffmpegAlone: Record<string, number> = {
    decode: frameMs(await ffmpegCpu(mjpeg, ["-threads", "1", "-f", "null", "-"])),
  };
  for (const codec of CODECS) {
    const ref = {
      out: join(work, `alone.${codec}.mp4`),
      codec,
      fps: FPS,
      threads: 1,
      stats: {
        frames: cameras.front.length,
        width: 640,
        height: 480,
        stride: statsDownsample(640, 480),
      },
    };
    ffmpegAlone[codec] = frameMs(await ffmpegCpu(mjpeg, videoOutputArgs(ref)));
  }
  log(
    `ffmpeg alone, CPU ms per 640x480 frame: ${Object.entries(ffmpegAlone)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(", ")}`,
  );
  for (const codec of CODECS) {
    const out = join(work, `dataset-${codec}`);
    const load = loadavg()[0]!;
    const started = performance.now();
    const proc = Bun.spawn(
      ["bun", CLI, "export", "lerobot", file, "--out", out, "--vcodec", codec],
      {
        stdout: "pipe",
        stderr: "inherit",
      },
    );
    const text = await new Response(proc.stdout).text();
    if ((await proc.exited) !== 0) throw new Error(`export failed:\n${text}`);
    const exportS = (performance.now() - started) / 1000;
    const cpuS = Number(proc.resourceUsage()?.cpuTime.total ?? 0) / 1e6;
    const info = JSON.parse(readFileSync(join(out, "meta/info.json"), "utf8"));
    const episodeS = info.total_frames / info.fps;
    results.push({
      codec,
      episodeS,
      frames: info.total_frames,
      cameras: 2,
      exportS,
      cpuS,
      realTimeFactor: episodeS / exportS,
      idleRealTimeFactor: episodeS / Math.max(cpuS / cores, 1e-9),
      cpuMsPerCameraFrame: (1000 * cpuS) / (info.total_frames * 2),
      ffmpegAloneMsPerFrame: ffmpegAlone[codec]!,
      loadBefore: load,
      loadAfter: loadavg()[0]!,
      datasetBytes: folderBytes(out),
    });
    log(
      `${codec}: ${exportS.toFixed(1)} s wall, ${cpuS.toFixed(1)} CPU-s for ${episodeS.toFixed(1)} s`,
    );
  }
  const lines = [
    `${cores} cores; goal 5x real time; CPU ms per camera frame: the export's, and ffmpeg alone's`,
    "codec  episode s  frames  export s  CPU s  ms/frame  ffmpeg alone  x real time  x real time on idle cores  load before/after  dataset",
    ...results.map(
      (r) =>
        `${r.codec.padEnd(5)}  ${r.episodeS.toFixed(1).padStart(9)}  ${String(r.frames).padStart(6)}  ${r.exportS.toFixed(1).padStart(8)}  ${r.cpuS.toFixed(1).padStart(5)}  ${r.cpuMsPerCameraFrame.toFixed(2).padStart(8)}  ${r.ffmpegAloneMsPerFrame.toFixed(2).padStart(12)}  ${r.realTimeFactor.toFixed(2).padStart(11)}  ${r.idleRealTimeFactor.toFixed(2).padStart(25)}  ${`${r.loadBefore.toFixed(1)}/${r.loadAfter.toFixed(1)}`.padStart(17)}  ${formatBytes(r.datasetBytes)}`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const resultsDir = resolve(import.meta.dir, "results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, "export.json"),
    `${JSON.stringify({ at: new Date().toISOString(), machine: machineFacts(), goal: "5x real time", ffmpegAloneMsPerFrame: ffmpegAlone, results }, null, 2)}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
