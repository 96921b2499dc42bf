/**
 * One `docker compose` project of the repository's own compose files, run
 * under a real Docker engine the way a lab runs it (make test-compose).
 * Host ports and the recordings folder come from the compose file's
 * variables, so the test stack never takes a port someone else uses.
 */
import { readFileSync } from "node:fs";
import { spawn } from "bun";
import { REPO_ROOT } from "../support/serviceProcess";

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** One container as `docker compose ps --format json` lists it. */
export interface ComposeContainer {
  ID: string;
  Name: string;
  Service: string;
  State: string;
  Health: string;
  Publishers: Array<{ URL: string; TargetPort: number; PublishedPort: number }> | null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: compose writes ANSI escapes (ESC) around its log lines.
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export async function run(cmd: string[], env: Record<string, string> = {}): Promise<Run> {
  const proc = spawn(cmd, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, out, err };
}

export class ComposeProject {
  private readonly startedAt = Math.floor(Date.now() / 1000);

  constructor(
    readonly name: string,
    readonly files: string[],
    readonly env: Record<string, string>,
  ) {}

  private args(rest: string[]): string[] {
    return ["docker", "compose", "-p", this.name, ...this.files.flatMap((f) => ["-f", f]), ...rest];
  }

  /** `docker compose <args>`; prints the step and, on failure, what compose said. */
  async compose(...rest: string[]): Promise<Run> {
    const started = Date.now();
    const r = await run(this.args(rest), this.env);
    const took = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`compose: ${this.name}: ${rest.join(" ")} -> exit ${r.code} (${took} s)`);
    if (r.code !== 0) {
      console.log(r.err.trim().split("\n").slice(-15).join("\n"));
      await this.explainUnhealthy();
    }
    return r;
  }

  /** Prints the last log lines and healthcheck results of every container that is not healthy. */
  async explainUnhealthy(): Promise<void> {
    for (const c of await this.ps()) {
      if (c.State === "running" && c.Health === "healthy") continue;
      const logs = await run(["docker", "logs", "--tail", "25", c.ID]);
      const log = logs.out + logs.err;
      const checks = await run(["docker", "inspect", "-f", "{{json .State.Health}}", c.ID]);
      console.log(`--- ${c.Name}: ${c.State} ${c.Health}\n${log}\nhealthchecks: ${checks.out}`);
    }
  }

  async ps(): Promise<ComposeContainer[]> {
    const r = await run(this.args(["ps", "--all", "--format", "json"]), this.env);
    const text = r.out.trim();
    if (!text) return [];
    // Compose 2.21+ prints one JSON object per line; older versions one array.
    return text.startsWith("[")
      ? JSON.parse(text)
      : text.split("\n").map((l) => JSON.parse(l) as ComposeContainer);
  }

  async containers(service: string): Promise<ComposeContainer[]> {
    return (await this.ps()).filter((c) => c.Service === service);
  }

  /** Waits until every container of the project runs and is healthy; returns whether they did. */
  async allHealthy(timeoutMs = 60_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const ps = await this.ps();
      if (ps.length > 0 && ps.every((c) => c.State === "running" && c.Health === "healthy"))
        return true;
      await Bun.sleep(1000);
    }
    return false;
  }

  /** The service's log lines, ANSI codes removed. */
  async logs(service: string): Promise<string> {
    const r = await run(this.args(["logs", "--no-color", "--no-log-prefix", service]), this.env);
    return (r.out + r.err).replace(ANSI, "");
  }

  /** Host process id of the service's main process (the child of docker's init). */
  async mainPid(containerId: string): Promise<number> {
    const r = await run(["docker", "inspect", "-f", "{{.State.Pid}}", containerId]);
    const init = Number(r.out.trim());
    const children = readFileSync(`/proc/${init}/task/${init}/children`, "utf8").trim();
    return Number(children.split(/\s+/)[0]);
  }

  async restartCount(containerId: string): Promise<number> {
    const r = await run(["docker", "inspect", "-f", "{{.RestartCount}}", containerId]);
    return Number(r.out.trim());
  }

  /** Exit codes of the project's containers that stopped since this object was made, by name. */
  async exitCodes(): Promise<Map<string, number[]>> {
    const r = await run([
      "docker",
      "events",
      "--since",
      String(this.startedAt),
      "--until",
      String(Math.floor(Date.now() / 1000) + 1),
      "--filter",
      `label=com.docker.compose.project=${this.name}`,
      "--filter",
      "event=die",
      "--format",
      "{{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}",
    ]);
    const codes = new Map<string, number[]>();
    for (const line of r.out.trim().split("\n").filter(Boolean)) {
      const [name, code] = line.split(" ");
      codes.set(name!, [...(codes.get(name!) ?? []), Number(code)]);
    }
    return codes;
  }

  /**
   * `docker compose down -v` while following every container's log, so the
   * shutdown lines are kept after the containers are gone. Returns down's
   * result and each service's log from the moment down began.
   */
  async downFollowingLogs(): Promise<{ down: Run; logs: Map<string, string> }> {
    const follower = spawn(this.args(["logs", "--follow", "--no-color", "--since", "1s"]), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "ignore",
    });
    const text = new Response(follower.stdout).text();
    await Bun.sleep(1500);
    const down = await this.compose("down", "--volumes", "--remove-orphans", "--timeout", "15");
    const timer = setTimeout(() => follower.kill(), 5000);
    const all = (await text).replace(ANSI, "");
    clearTimeout(timer);
    const logs = new Map<string, string>();
    for (const line of all.split("\n")) {
      const m = line.match(/^(\S+?)-\d+\s+\| (.*)$/);
      if (m) logs.set(m[1]!, `${logs.get(m[1]!) ?? ""}${m[2]}\n`);
    }
    return { down, logs };
  }
}
