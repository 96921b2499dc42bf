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

  /** `ownGroup`: a process group of its own, so a test can signal it the way a terminal does. */
  constructor(args: string[], env: Record<string, string | undefined>, ownGroup = false) {
    this.proc = spawn([process.execPath, CLI, ...args], {
      cwd: REPO_ROOT,
      detached: ownGroup,
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

  async stop(signal: NodeJS.Signals = "SIGINT"): Promise<number> {
    if (this.proc.exitCode === null) this.proc.kill(signal);
    return this.exited;
  }
}
