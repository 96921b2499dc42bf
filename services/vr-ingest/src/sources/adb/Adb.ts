/** The adb executable: one-shot commands with a timeout, and the long-running logcat. */
import { type Subprocess, spawn } from "bun";
import { LOG_TAG } from "./parseLine";

export const APP_ACTIVITY = "com.rail.oculus.teleop/com.rail.oculus.teleop.MainActivity";

export class AdbMissingError extends Error {}

export interface AdbResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type LogcatProcess = Subprocess<"ignore", "pipe", "pipe">;

export class Adb {
  constructor(readonly path: string) {}

  private argv(args: string[], serial?: string): string[] {
    return [this.path, ...(serial ? ["-s", serial] : []), ...args];
  }

  private spawn(args: string[], serial?: string): LogcatProcess {
    try {
      return spawn(this.argv(args, serial), { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    } catch (err) {
      if ((err as { code?: string }).code === "ENOENT") {
        throw new AdbMissingError(`cannot run "${this.path}"`);
      }
      throw err;
    }
  }

  /** Run to completion; killed after `timeoutMs` (adb connect to a dead address can hang). */
  async run(args: string[], serial?: string, timeoutMs = 10_000): Promise<AdbResult> {
    const proc = this.spawn(args, serial);
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    clearTimeout(timer);
    return { code, stdout, stderr };
  }

  /** New lines only (-T 0), message text only (-v raw), the APK's tag only. */
  logcat(serial: string): LogcatProcess {
    return this.spawn(["logcat", "-T", "0", "-v", "raw", "-s", `${LOG_TAG}:I`], serial);
  }
}
