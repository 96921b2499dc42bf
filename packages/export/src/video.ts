/**
 * Video through Debian's ffmpeg (I/O edge): one episode's grid frames (JPEG
 * bytes, one per row) piped in and encoded at exactly `fps`, so frame k sits
 * at k / fps; the same decoded frames, downscaled, come back on stdout for
 * the image stats. Episodes of one file are joined without re-encoding, and
 * a file's stream facts are read back with ffprobe for info.json.
 */
import { writeFile } from "node:fs/promises";
import type { VideoInfo } from "./features";
import { addFrame, type ChannelHistograms, emptyHistograms } from "./stats";

export type VideoCodec = "av1" | "h264";

/** LeRobot's own encoding (REFERENCE section 10); H.264 without B-frames keeps pts = dts. */
const ENCODER_ARGS: Record<VideoCodec, string[]> = {
  av1: ["-c:v", "libsvtav1", "-pix_fmt", "yuv420p", "-g", "2", "-crf", "30", "-preset", "12"],
  h264: [
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-g",
    "2",
    "-crf",
    "23",
    "-preset",
    "superfast",
    "-bf",
    "0",
  ],
};

/** How the export runs ffmpeg: errors only, never reading the terminal, overwriting its output. */
const FFMPEG = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"];

const lastLines = (text: string) => text.trim().split("\n").slice(-3).join(" | ");

/** A timescale that holds 1 / fps exactly, so frame times are k / fps to the tick. */
export const timescale = (fps: number) => fps * 1000;

export interface EncoderOptions {
  out: string;
  codec: VideoCodec;
  fps: number;
  width: number;
  height: number;
  /** Stride of the stats frames (LeRobot's ~150 px downsampling). */
  statsStride: number;
  /** Grid frame indices whose pixels go into the stats. */
  statsFrames: ReadonlySet<number>;
}

export class EpisodeEncoder {
  private readonly proc;
  private readonly histograms = emptyHistograms();
  private readonly reading: Promise<void>;
  private readonly stderr: Promise<string>;
  private written = 0;

  constructor(o: EncoderOptions) {
    const sw = Math.floor(o.width / o.statsStride);
    const sh = Math.floor(o.height / o.statsStride);
    this.proc = Bun.spawn(
      [
        ...FFMPEG,
        "-f",
        "image2pipe",
        "-c:v",
        "mjpeg",
        "-framerate",
        String(o.fps),
        "-i",
        "pipe:0",
        "-filter_complex",
        `[0:v]split=2[v][s];[s]scale=${sw}:${sh}:flags=neighbor,format=rgb24[st]`,
        "-map",
        "[v]",
        ...ENCODER_ARGS[o.codec],
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
      ],
      { stdin: "pipe", stdout: "pipe", stderr: "pipe" },
    );
    this.reading = this.readStats(this.proc.stdout, sw * sh * 3, o.statsFrames);
    this.stderr = new Response(this.proc.stderr).text();
  }

  private async readStats(
    stream: ReadableStream<Uint8Array>,
    frameBytes: number,
    sampled: ReadonlySet<number>,
  ): Promise<void> {
    const frame = new Uint8Array(frameBytes);
    let index = 0;
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
          if (sampled.has(index)) addFrame(this.histograms, frame);
          index++;
          filled = 0;
        }
      }
    }
  }

  get frames(): number {
    return this.written;
  }

  async write(jpeg: Uint8Array): Promise<void> {
    try {
      this.proc.stdin.write(jpeg);
      await this.proc.stdin.flush();
    } catch {
      // ffmpeg stopped reading: its own words say why.
      const [code, err] = await Promise.all([this.proc.exited, this.stderr]);
      throw new Error(`ffmpeg exited with ${code}: ${lastLines(err)}`);
    }
    this.written++;
  }

  /** Closes the input and waits for the file; the stats histograms of the sampled frames. */
  async finish(): Promise<ChannelHistograms> {
    await this.proc.stdin.end();
    const [code, err] = await Promise.all([this.proc.exited, this.stderr, this.reading]);
    if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${lastLines(err)}`);
    return this.histograms;
  }

  /** Stops ffmpeg (the caller removes the partial file). */
  kill(): void {
    this.proc.kill();
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
