/**
 * Video through Debian's ffmpeg (I/O edge): one episode's grid frames (JPEG
 * bytes, one per row) piped in and encoded at exactly `fps`, so frame k sits
 * at k / fps; the frames sampled for the image stats come back on stdout,
 * downscaled to RGB (the others are never scaled). Episodes of one file are
 * joined without re-encoding, and a file's stream facts are read back with
 * ffprobe for info.json.
 */
import { writeFile } from "node:fs/promises";
import type { VideoInfo } from "./features";
import {
  addFrame,
  type ChannelHistograms,
  emptyHistograms,
  imageSampleCount,
  imageSampleIndices,
} from "./stats";

export type VideoCodec = "av1" | "h264";

/**
 * Camera JPEGs are full-range YUV; the videos are limited-range yuv420p, as
 * LeRobot's. zimg converts a 640x480 frame in ~0.1 ms of CPU here, swscale
 * (ffmpeg's default for `-pix_fmt`) in ~0.8 ms, for the same pixels (+-1).
 */
const TO_YUV420P = "zscale=range=limited,format=yuv420p";

/**
 * LeRobot's own encoding (REFERENCE section 10): GOP 2, yuv420p; SVT-AV1 at
 * preset 12, its fastest at 640x480 (13 is refused under 720p). H.264 at
 * `ultrafast` (x264's cheapest, ~2.4 ms a 640x480 frame here against ~4 at
 * superfast) without B-frames, so pts = dts. `threads`: each camera's share
 * of the cores, as the cameras are encoded at the same time.
 */
const ENCODER_ARGS: Record<VideoCodec, (threads: number) => string[]> = {
  av1: (threads) => [
    "-c:v",
    "libsvtav1",
    "-g",
    "2",
    "-crf",
    "30",
    "-preset",
    "12",
    "-svtav1-params",
    `lp=${threads}`,
  ],
  h264: (threads) => [
    "-c:v",
    "libx264",
    "-g",
    "2",
    "-crf",
    "23",
    "-preset",
    "ultrafast",
    "-bf",
    "0",
    "-threads",
    String(threads),
  ],
};

/** How the export runs ffmpeg: errors only, never reading the terminal, overwriting its output. */
const FFMPEG = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"];

/** JPEG frames one after another (on ffmpeg's stdin, or in a file). */
export const JPEG_INPUT = ["-f", "image2pipe", "-c:v", "mjpeg"];

const lastLines = (text: string) => text.trim().split("\n").slice(-3).join(" | ");

/** A timescale that holds 1 / fps exactly, so frame times are k / fps to the tick. */
export const timescale = (fps: number) => fps * 1000;

/**
 * Bytes handed to ffmpeg before waiting for it to take them (~1 s of 640x480
 * JPEGs): the cameras are fed from one read of the file, so a camera whose
 * encoder is briefly slower must not hold the others' frames back.
 */
const FLUSH_BYTES = 1 << 20;

/** One ffmpeg fed JPEG frames on stdin; its stderr says why when it fails. */
class FfmpegPipe {
  readonly proc;
  private readonly stderr: Promise<string>;
  private pending = 0;

  constructor(args: string[]) {
    this.proc = Bun.spawn([...FFMPEG, ...args], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
    this.stderr = new Response(this.proc.stderr).text();
  }

  async write(jpeg: Uint8Array): Promise<void> {
    try {
      this.proc.stdin.write(jpeg);
      this.pending += jpeg.length;
      if (this.pending >= FLUSH_BYTES) {
        this.pending = 0;
        await this.proc.stdin.flush();
      }
    } catch {
      // ffmpeg stopped reading: its own words say why.
      const [code, err] = await Promise.all([this.proc.exited, this.stderr]);
      throw new Error(`ffmpeg exited with ${code}: ${lastLines(err)}`);
    }
  }

  /** Closes the input and waits for ffmpeg (and `output`, its stdout's reader) to finish. */
  async finish(output?: Promise<void>): Promise<void> {
    await this.proc.stdin.end();
    const [code, err] = await Promise.all([this.proc.exited, this.stderr, output]);
    if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${lastLines(err)}`);
  }

  kill(): void {
    this.proc.kill();
  }
}

/** The stats side of an episode video: which frames, downscaled to what. */
export interface StatsSampling {
  /** Grid frames in the episode. */
  frames: number;
  width: number;
  height: number;
  /** Stride of the stats frames (LeRobot's ~150 px downsampling). */
  stride: number;
}

/** Size of one downscaled RGB stats frame. */
const statsSize = (s: StatsSampling) => ({
  width: Math.floor(s.width / s.stride),
  height: Math.floor(s.height / s.stride),
});

/**
 * ffmpeg's output arguments for one episode video: decoded once, every frame
 * converted and encoded, and only the sampled frames (selectSampled)
 * downscaled to RGB on stdout for the stats. The bench times ffmpeg alone
 * with the same arguments.
 */
export function videoOutputArgs(o: {
  out: string;
  codec: VideoCodec;
  fps: number;
  threads: number;
  stats: StatsSampling;
}): string[] {
  const { width, height } = statsSize(o.stats);
  return [
    "-filter_complex",
    [
      "[0:v]split=2[v][s]",
      `[v]${TO_YUV420P}[enc]`,
      `[s]select='${selectSampled(o.stats.frames)}',scale=${width}:${height}:flags=neighbor,format=rgb24[st]`,
    ].join(";"),
    "-map",
    "[enc]",
    ...ENCODER_ARGS[o.codec](o.threads),
    "-fps_mode",
    "passthrough",
    "-video_track_timescale",
    String(timescale(o.fps)),
    "-f",
    "mp4",
    o.out,
    "-map",
    "[st]",
    "-fps_mode",
    "passthrough",
    "-f",
    "rawvideo",
    "pipe:1",
  ];
}

/**
 * An ffmpeg `select` expression true on exactly the frames imageSampleIndices
 * picks, in constant work per frame (a list of the indices would cost work
 * per sample on every frame): register 0 holds the sample count so far,
 * register 1 the next sampled index, computed with the same double
 * arithmetic and round-half-to-even as imageSampleIndices.
 */
export function selectSampled(frames: number): string {
  const samples = imageSampleCount(frames);
  if (samples <= 1) return "eq(n,0)";
  const x = `ld(0)*${frames - 1}/${samples - 1}`;
  const next = "st(1,ld(3)-eq(ld(2)-floor(ld(2)),0.5)*mod(ld(3),2))";
  return `if(eq(n,ld(1)),st(0,ld(0)+1);st(2,${x});st(3,floor(ld(2)+0.5));${next};1,0)`;
}

export interface EncoderOptions {
  out: string;
  codec: VideoCodec;
  fps: number;
  /** Encoder threads (the cameras are encoded at the same time). */
  threads: number;
  stats: StatsSampling;
}

/** One camera's episode video, and the image stats of its sampled frames. */
export class EpisodeEncoder {
  private readonly ffmpeg: FfmpegPipe;
  private readonly histograms = emptyHistograms();
  private readonly reading: Promise<void>;
  private readonly expectedStats: number;
  private written = 0;

  constructor(o: EncoderOptions) {
    this.ffmpeg = new FfmpegPipe([
      ...JPEG_INPUT,
      "-framerate",
      String(o.fps),
      "-i",
      "pipe:0",
      ...videoOutputArgs(o),
    ]);
    const { width, height } = statsSize(o.stats);
    this.expectedStats = imageSampleIndices(o.stats.frames).length;
    this.reading = this.readStats(this.ffmpeg.proc.stdout, width * height * 3);
  }

  private async readStats(stream: ReadableStream<Uint8Array>, frameBytes: number): Promise<void> {
    const frame = new Uint8Array(frameBytes);
    let filled = 0;
    const reader = stream.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) return;
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - at);
        frame.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === frameBytes) {
          addFrame(this.histograms, frame);
          filled = 0;
        }
      }
    }
  }

  get frames(): number {
    return this.written;
  }

  async write(jpeg: Uint8Array): Promise<void> {
    await this.ffmpeg.write(jpeg);
    this.written++;
  }

  /** Closes the input and waits for the file; the stats histograms of the sampled frames. */
  async finish(): Promise<ChannelHistograms> {
    await this.ffmpeg.finish(this.reading);
    if (this.histograms.frames !== this.expectedStats) {
      throw new Error(
        `ffmpeg gave ${this.histograms.frames} stats frames, expected ${this.expectedStats}`,
      );
    }
    return this.histograms;
  }

  /** Stops ffmpeg (the caller removes the partial file). */
  kill(): void {
    this.ffmpeg.kill();
  }
}

/** ffprobe's `entries` for the first video stream of `path`, printed in `format`. */
export function probeFirstVideo(path: string, entries: string, format: string): Promise<string> {
  return run([
    "ffprobe",
    "-v",
    "error",
    "-select_streams",
    "v:0",
    "-show_entries",
    entries,
    "-of",
    format,
    path,
  ]);
}

async function run(cmd: string[]): Promise<string> {
  const proc = Bun.spawn(cmd, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd[0]} exited with ${code}: ${lastLines(err)}`);
  return out;
}

/** Joins episode videos of identical encoding into `out` without re-encoding; no B-frames, so pts = dts. */
export async function concatVideos(
  parts: readonly string[],
  out: string,
  fps: number,
): Promise<void> {
  const list = `${out}.list.txt`;
  await writeFile(list, parts.map((p) => `file '${p.replaceAll("'", "'\\''")}'\n`).join(""));
  await run([
    ...FFMPEG,
    "-f",
    "concat",
    "-safe",
    "0",
    "-i",
    list,
    "-c",
    "copy",
    // Packet n at n / fps: the concat demuxer would start each part after the previous file's
    // duration, which MP4 keeps in milliseconds (7 frames at 30 fps end at 0.234 s, not 0.2333).
    "-bsf:v",
    `setts=ts=N*${timescale(fps) / fps}`,
    "-video_track_timescale",
    String(timescale(fps)),
    out,
  ]);
  await Bun.file(list).delete();
}

/** The stream facts LeRobot keeps in a video feature's `info` (as its get_video_info reads them). */
export async function probeVideo(path: string): Promise<VideoInfo> {
  const out = await probeFirstVideo(
    path,
    "stream=codec_name,pix_fmt,width,height,r_frame_rate",
    "json",
  );
  const s = JSON.parse(out).streams?.[0];
  if (!s) throw new Error(`${path}: no video stream`);
  const [num, den] = String(s.r_frame_rate).split("/").map(Number);
  return {
    "video.height": s.height,
    "video.width": s.width,
    "video.codec": s.codec_name,
    "video.pix_fmt": s.pix_fmt,
    "video.fps": Math.round(num! / (den || 1)),
    "video.channels": 3,
    has_audio: false,
    is_depth_map: false,
  };
}

/** The ffmpeg encoder each codec needs. */
export const ENCODER_OF: Record<VideoCodec, string> = { av1: "libsvtav1", h264: "libx264" };

/** Whether this machine's ffmpeg has the encoder for `codec`. */
export async function hasEncoder(codec: VideoCodec): Promise<boolean> {
  const list = await run(["ffmpeg", "-hide_banner", "-encoders"]);
  return new RegExp(`\\s${ENCODER_OF[codec]}\\s`).test(list);
}
