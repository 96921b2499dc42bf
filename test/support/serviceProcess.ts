/** Runs a service as its own Bun process, the way `make run` does, and captures its log. */

import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { serviceRuntimeEnv } from "../../packages/cli/src/serviceRuntime";
import { serviceOfScript } from "../../packages/cli/src/stackServices";

export const REPO_ROOT = join(import.meta.dir, "..", "..");

export interface ServiceProcessOptions {
  /** Script path relative to the repo root, e.g. services/controller/src/main.ts. */
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** Echo the service's log lines to this process's stderr (debugging). */
  echo?: boolean;
}

export class ServiceProcess {
  readonly proc: Subprocess<"ignore", "pipe", "pipe">;
  private output = "";
  readonly exited: Promise<number>;

  constructor(readonly opts: ServiceProcessOptions) {
    this.proc = spawn(["bun", join(REPO_ROOT, opts.script), ...(opts.args ?? [])], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...runtimeEnv(opts.script), LOG_LEVEL: "info", ...opts.env },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    void this.pump(this.proc.stdout);
    void this.pump(this.proc.stderr);
    this.exited = this.proc.exited;
  }

  private async pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const text = decoder.decode(value, { stream: true });
      this.output += text;
      if (this.opts.echo) process.stderr.write(text);
    }
  }

  get log(): string {
    return this.output;
  }

  /** Wait until the log matches; throws with the log so far on timeout or early exit. */
  async waitForLog(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs;
    let exitCode: number | undefined;
    void this.exited.then((c) => {
      exitCode = c;
    });
    while (Date.now() < until) {
      const m = this.output.match(pattern);
      if (m) return m;
      if (exitCode !== undefined) {
        throw new Error(
          `${this.opts.script} exited (${exitCode}) before logging ${pattern}:\n${this.output}`,
        );
      }
      await Bun.sleep(20);
    }
    throw new Error(
      `${this.opts.script} did not log ${pattern} in ${timeoutMs} ms:\n${this.output}`,
    );
  }

  /** Send a signal and wait for exit; returns the exit code (SIGKILL after the grace period). */
  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 6000): Promise<number> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** A service's script (services/<name>/...) runs with the service's runtime environment. */
function runtimeEnv(script: string): Record<string, string> {
  const service = serviceOfScript(script);
  return service ? serviceRuntimeEnv(service) : {};
}
