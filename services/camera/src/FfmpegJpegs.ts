/**
 * An ffmpeg child that writes JPEGs with their times (`JPEG_OUTPUT_ARGS`:
 * SMJPEG, read by SmjpegReader) to a Unix socket this process listens on,
 * its stderr handed over line by line. Used by the v4l2 source (device ->
 * MJPEG) and the sim source (raw RGB on stdin -> JPEG). A socket rather than
 * the child's stdout: Bun hands a socket's bytes to a callback, where a pipe
 * goes through a ReadableStream and a promise per read, a quarter of the
 * reading cost (BENCHMARKS.md, cameras).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHUTDOWN_STEP_MS } from "@teleop/shared/service";
import { type FileSink, type Socket, type Subprocess, spawn, type UnixSocketListener } from "bun";
import { SmjpegReader } from "./smjpeg";

/** How every ffmpeg child writes its frames: SMJPEG, each packet flushed at once (the output URL follows). */
export const JPEG_OUTPUT_ARGS = ["-f", "smjpeg", "-flush_packets", "1"];

/** SIGTERM to SIGKILL when stopping: half a shutdown step. */
const STOP_GRACE_MS = SHUTDOWN_STEP_MS / 2;

/** After ffmpeg exits, how long its socket may take to report the end of the stream. */
const STREAM_END_GRACE_MS = 1000;

export interface FfmpegJpegsOptions {
  ffmpegPath: string;
  args: string[];
  /** Whether the caller writes to the child's stdin. */
  stdin: boolean;
  maxFrameBytes: number;
  /** A frame, when its last byte arrived (epoch ms), and its pts (ms, low 32 bits). */
  onFrame(jpeg: Uint8Array, arrivedAt: number, pts32: number): void;
  onReject(kind: string, reason: string): void;
  onStderrLine(line: string): void;
}

/** Exit code reported for a child killed by a signal. */
const SIGNALLED = 128;

export class FfmpegJpegs {
  private readonly proc: Subprocess<"pipe" | "ignore", "ignore", "pipe"> | undefined;
  private exitCode: number | null = null;
  private readonly reader: SmjpegReader;
  readonly exited: Promise<number>;
  /** The last lines ffmpeg printed (why it failed). */
  readonly tail: string[] = [];

  constructor(private readonly o: FfmpegJpegsOptions) {
    this.reader = new SmjpegReader(o.maxFrameBytes);
    // A directory only this user can enter: nobody else can connect in ffmpeg's place.
    const dir = mkdtempSync(join(tmpdir(), "teleop-ffmpeg-"));
    const cleanup = () => rmSync(dir, { recursive: true, force: true });
    let ended!: () => void;
    const streamEnded = new Promise<void>((resolve) => {
      ended = resolve;
    });
    let writer: Socket<undefined> | undefined;
    let listener: UnixSocketListener<undefined> | undefined;
    try {
      const path = join(dir, "frames.sock");
      listener = Bun.listen({
        unix: path,
        socket: {
          open: (socket) => {
            // One writer: a second connection is not ffmpeg's.
            if (writer) socket.end();
            else writer = socket;
          },
          data: (socket, chunk) => {
            if (socket === writer) this.onChunk(chunk);
          },
          close: (socket) => {
            if (socket === writer) ended();
          },
          error: (_socket, err) => this.line(`frame socket: ${err.message}`),
        },
      });
      this.proc = spawn([o.ffmpegPath, ...o.args, `unix:${path}`], {
        stdin: o.stdin ? "pipe" : "ignore",
        stdout: "ignore",
        stderr: "pipe",
      });
    } catch (err) {
      listener?.stop(true);
      cleanup();
      this.line((err as Error).message);
      this.exitCode = -1;
      this.exited = Promise.resolve(-1);
      return;
    }
    const proc = this.proc;
    const err = this.pumpLines(proc.stderr);
    // The stream ends when ffmpeg closes the socket; one that never connected ends with it.
    const out = proc.exited.then(() =>
      writer === undefined
        ? undefined
        : Promise.race([streamEnded, Bun.sleep(STREAM_END_GRACE_MS)]),
    );
    this.exited = Promise.all([proc.exited, out, err]).then(([code]) => {
      listener.stop(true);
      cleanup();
      this.exitCode = proc.signalCode ? SIGNALLED : code;
      return this.exitCode;
    });
  }

  private async pumpLines(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buf = "";
    await pump(stream, (chunk) => {
      buf += decoder.decode(chunk, { stream: true });
      let nl = buf.search(/[\r\n]/);
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line !== "") this.line(line);
        nl = buf.search(/[\r\n]/);
      }
    });
    if (buf !== "") this.line(buf);
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Hand bytes to the child's stdin; false when the child is gone. */
  write(bytes: Uint8Array): boolean {
    const stdin = this.proc?.stdin as FileSink | undefined;
    if (!stdin || this.exitCode !== null || this.proc?.killed) return false;
    try {
      stdin.write(bytes);
      // A write to a child that has gone is reported by the exit, not here.
      void Promise.resolve(stdin.flush()).catch(() => undefined);
    } catch {
      return false;
    }
    return true;
  }

  private onChunk(chunk: Uint8Array): void {
    const at = performance.timeOrigin + performance.now();
    const r = this.reader.push(chunk);
    for (const rej of r.rejects) this.o.onReject(rej.kind, rej.reason);
    for (const f of r.frames) this.o.onFrame(f.data, at, f.pts32);
  }

  private line(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 8) this.tail.shift();
    this.o.onStderrLine(line);
  }

  /**
   * SIGTERM, then SIGKILL if it has not gone within `graceMs`: within the
   * service's shutdown step, so an ffmpeg that ignores SIGTERM (blocked opening
   * its device, which the kernel restarts) is killed, never left orphaned.
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    const proc = this.proc;
    if (!proc || this.exitCode !== null) return;
    try {
      void Promise.resolve((proc.stdin as FileSink | undefined)?.end()).catch(() => undefined);
    } catch {
      // Already closed: the kill below ends the child either way.
    }
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Hands each chunk of a stream to `on` until it ends. */
async function pump(stream: ReadableStream<Uint8Array>, on: (chunk: Uint8Array) => void) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    on(value);
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
