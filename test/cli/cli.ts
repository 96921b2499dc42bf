/** Runs `teleop <args>` as its own process and collects its output (test helper). */
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { REPO_ROOT } from "../support/serviceProcess";

export const CLI = join(REPO_ROOT, "packages", "cli", "src", "main.ts");

export class CliProcess {
  readonly proc: Subprocess<"ignore", "pipe", "pipe">;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number>;

  /**
   * Always a process group of its own: a test can signal it the way a
   * terminal does, and `stop` can reach the runner's children too.
   */
  constructor(args: string[], env: Record<string, string | undefined>) {
    this.proc = spawn([process.execPath, CLI, ...args], {
      cwd: REPO_ROOT,
      detached: true,
      env: { ...process.env, ...env },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const pumped = [this.pump(this.proc.stdout, "stdout"), this.pump(this.proc.stderr, "stderr")];
    this.exited = this.proc.exited.then(async (code) => {
      await Promise.all(pumped);
      return code;
    });
  }

  private async pump(stream: ReadableStream<Uint8Array>, into: "stdout" | "stderr"): Promise<void> {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      this[into] += decoder.decode(value, { stream: true });
    }
  }

  /** Wait until stdout matches; throws with both streams on timeout. */
  async waitForStdout(pattern: RegExp, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (pattern.test(this.stdout)) return;
      await Bun.sleep(20);
    }
    throw new Error(
      `no ${pattern} within ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
    );
  }

  /**
   * Ends the whole group whatever state a failed test left it in: SIGINT (the
   * runner stops its services and nats-server), then SIGKILL to every process
   * still in the group after `graceMs`, so nothing outlives the test.
   */
  async stop(graceMs = 5000): Promise<number> {
    const group = -this.proc.pid;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(group, signal);
      } catch {
        // The group is empty: everything in it has exited.
      }
    };
    if (this.proc.exitCode === null) signalGroup("SIGINT");
    const code = await Promise.race([this.exited, Bun.sleep(graceMs).then(() => null)]);
    signalGroup("SIGKILL");
    return code ?? this.exited;
  }
}
