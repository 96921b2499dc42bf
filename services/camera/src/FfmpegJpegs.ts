/**
 * An ffmpeg child whose stdout is a stream of JPEGs (`-f mjpeg pipe:1`):
 * the stream is cut into frames by MjpegSplitter, its stderr handed over
 * line by line. Used by the v4l2 source (device -> MJPEG) and the sim
 * source (raw RGB on stdin -> JPEG). node:child_process rather than
 * Bun.spawn: Bun's stdin sink stalls on writes of a whole raw frame (900 KB).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { MjpegSplitter, type SplitResult } from "./jpeg";

export interface FfmpegJpegsOptions {
  ffmpegPath: string;
  args: string[];
  /** Whether the caller writes to the child's stdin. */
  stdin: boolean;
  maxFrameBytes: number;
  onFrame(jpeg: Uint8Array, arrivedAt: number): void;
  onReject(kind: string, reason: string): void;
  onStderrLine(line: string): void;
}

export class FfmpegJpegs {
  private readonly proc: ChildProcess;
  private exitCode: number | null = null;
  private readonly splitter: MjpegSplitter;
  readonly exited: Promise<number>;
  /** The last lines ffmpeg printed that were not per-packet traces (why it failed). */
  readonly tail: string[] = [];

  constructor(private readonly o: FfmpegJpegsOptions) {
    this.splitter = new MjpegSplitter(o.maxFrameBytes);
    this.proc = spawn(o.ffmpegPath, o.args, {
      stdio: [o.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    // A plain Uint8Array view: Buffer's slice() would not copy.
    this.proc.stdout!.on("data", (chunk: Buffer) =>
      this.onChunk(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    );
    const decoder = new TextDecoder();
    let buf = "";
    this.proc.stderr!.on("data", (chunk: Buffer) => {
      buf += decoder.decode(chunk, { stream: true });
      let nl = buf.search(/[\r\n]/);
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line !== "") this.line(line);
        nl = buf.search(/[\r\n]/);
      }
    });
    // A write to a child that has gone is reported by the exit, not as an error here.
    this.proc.stdin?.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      this.proc.once("error", (err) => {
        this.line(err.message);
        this.exitCode = -1;
        resolve(-1);
      });
      this.proc.once("close", (code, signal) => {
        if (buf !== "") this.line(buf);
        this.exitCode = code ?? (signal ? 128 : -1);
        resolve(this.exitCode);
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Hand bytes to the child's stdin; false when the child is gone. */
  write(bytes: Uint8Array): boolean {
    const stdin = this.proc.stdin;
    if (!stdin || stdin.destroyed || this.exitCode !== null) return false;
    stdin.write(bytes);
    return true;
  }

  private onChunk(chunk: Uint8Array): void {
    const at = performance.timeOrigin + performance.now();
    const r: SplitResult = this.splitter.push(chunk);
    for (const rej of r.rejects) this.o.onReject(rej.kind, rej.reason);
    for (const f of r.frames) this.o.onFrame(f, at);
  }

  private line(line: string): void {
    if (!/^(muxer|demuxer|decoder|encoder|filter)/.test(line)) {
      this.tail.push(line);
      if (this.tail.length > 8) this.tail.shift();
    }
    this.o.onStderrLine(line);
  }

  /** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
  async stop(graceMs = 1500): Promise<void> {
    if (this.exitCode !== null) return;
    this.proc.stdin?.end();
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Throws a readable reason when the ffmpeg executable cannot be found. */
export function requireFfmpeg(path: string): void {
  if (!Bun.which(path)) {
    throw new Error(
      `ffmpeg not found ("${path}"): install it (apt-get install ffmpeg) or set FFMPEG_PATH`,
    );
  }
}
