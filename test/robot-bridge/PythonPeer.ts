/**
 * Runs franka_peer.py (a pyzmq REP stand-in for the frankateach robot
 * server) with Debian's /usr/bin/python3, which has python3-zmq and
 * python3-numpy, and collects its per-request reports.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLines } from "@teleop/shared/readLines";
import { type Subprocess, spawn } from "bun";

export const PYTHON = "/usr/bin/python3";

export interface PeerReport {
  ok: boolean;
  kind?: "get_state" | "action" | "reset";
  error?: string;
  pos?: number[];
  quat?: number[];
  gripper?: number;
  /** A get_state answered b"state_error" (the arm had no state yet). */
  state_error?: boolean;
}

export interface PeerOptions {
  /** The first N get_state requests find no arm state (answered state_error). */
  noStateFor?: number;
}

export class PythonPeer {
  readonly reports: PeerReport[] = [];
  private stderr = "";

  private constructor(
    private readonly proc: Subprocess<"ignore", "pipe", "pipe">,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(o: PeerOptions = {}): Promise<PythonPeer> {
    const dir = mkdtempSync(join(tmpdir(), "teleop-frankateach-"));
    mkdirSync(join(dir, "frankateach"));
    writeFileSync(join(dir, "frankateach", "__init__.py"), "");
    copyFileSync(
      join(import.meta.dir, "frankateach_messages.py"),
      join(dir, "frankateach", "messages.py"),
    );
    const proc = spawn([PYTHON, "-u", join(import.meta.dir, "franka_peer.py")], {
      env: { ...process.env, PYTHONPATH: dir, NO_STATE_FOR: String(o.noStateFor ?? 0) },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const lines = readLines(proc.stdout);
    const first = await Promise.race([lines.next(), Bun.sleep(10_000).then(() => undefined)]);
    const port =
      first && !first.done ? (JSON.parse(first.value) as { port?: number }).port : undefined;
    if (!port) {
      proc.kill();
      throw new Error(`franka_peer.py did not start: ${await new Response(proc.stderr).text()}`);
    }
    const peer = new PythonPeer(proc, dir, port);
    void peer.collect(lines);
    void new Response(proc.stderr).text().then((t) => {
      peer.stderr = t;
    });
    return peer;
  }

  private async collect(lines: AsyncGenerator<string>): Promise<void> {
    for await (const line of lines) this.reports.push(JSON.parse(line) as PeerReport);
  }

  /** The report of request number `index` (0-based), once Python has written it. */
  async report(index: number, timeoutMs = 3000): Promise<PeerReport> {
    const until = Date.now() + timeoutMs;
    while (this.reports.length <= index && Date.now() < until) await Bun.sleep(5);
    const r = this.reports[index];
    if (!r) throw new Error(`franka_peer.py wrote no report #${index}: ${this.stderr}`);
    return r;
  }

  /** Reports of requests Python could not unpickle or that failed its checks. */
  failures(): PeerReport[] {
    return this.reports.filter((r) => !r.ok);
  }

  get log(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    this.proc.kill();
    await this.proc.exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
