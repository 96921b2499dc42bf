/**
 * The child processes of `teleop run` and `teleop demo`: each its own process,
 * log lines prefixed with its name, stopped together within a deadline
 * (SIGTERM, then SIGKILL), infrastructure (nats-server) last. Children stay in
 * the runner's process group, so a Ctrl-C or a kill of the group never leaves
 * an orphaned nats-server holding port 4222.
 */
import { type Subprocess, spawn } from "bun";
import { colourFor, LineSplitter, prefixLine, useColour } from "./logPrefix";

export interface ChildSpec {
  name: string;
  cmd: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Stopped after every other child has exited (nats-server). */
  stopLast?: boolean;
}

/** Lines of each child kept for error messages. */
const KEEP_LINES = 40;

export class Child {
  readonly lines: string[] = [];
  readonly exited: Promise<number>;
  exitCode: number | undefined;
  private readonly waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];

  constructor(
    readonly spec: ChildSpec,
    readonly proc: Subprocess<"ignore", "pipe", "pipe">,
    private readonly emit: (line: string) => void,
  ) {
    this.exited = proc.exited.then((code) => {
      this.exitCode = code;
      return code;
    });
    void this.pump(proc.stdout);
    void this.pump(proc.stderr);
  }

  get name(): string {
    return this.spec.name;
  }

  private async pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    const split = new LineSplitter();
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const l of split.push(value)) this.line(l);
    }
    for (const l of split.flush()) this.line(l);
  }

  private line(l: string): void {
    this.lines.push(l);
    if (this.lines.length > KEEP_LINES) this.lines.shift();
    this.emit(l);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.re.test(l)) {
        this.waiters.splice(i, 1);
        w.resolve(l);
      }
    }
  }

  /** The first kept or later line matching `re`; rejects on timeout or exit with the last lines. */
  async waitForLine(re: RegExp, timeoutMs: number): Promise<string> {
    const kept = this.lines.find((l) => re.test(l));
    if (kept !== undefined) return kept;
    const found = new Promise<string>((resolve) => this.waiters.push({ re, resolve }));
    const fail = (why: string) =>
      new Error(`${this.name} ${why}; its last lines:\n  ${this.lines.slice(-12).join("\n  ")}`);
    const timeout = Bun.sleep(timeoutMs).then(() => {
      throw fail(`did not log ${re} within ${timeoutMs / 1000} s`);
    });
    const exit = this.exited.then((code) => {
      throw fail(`exited with code ${code}`);
    });
    return Promise.race([found, timeout, exit]);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.exitCode === undefined) this.proc.kill(signal);
  }

  /** SIGTERM, SIGKILL at the deadline; resolves with the exit code. */
  async stop(deadlineMs: number): Promise<number> {
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), deadlineMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

export interface ProcessGroupOptions {
  /** Print children's lines (prefixed); otherwise only keep them. */
  echo: boolean;
  out?: NodeJS.WriteStream;
}

export class ProcessGroup {
  readonly children: Child[] = [];
  private readonly out: NodeJS.WriteStream;
  private readonly colour: boolean;
  private width = 4;
  /** A restarted child keeps its colour. */
  private readonly colours = new Map<string, number>();

  constructor(private readonly opts: ProcessGroupOptions) {
    this.out = opts.out ?? process.stdout;
    this.colour = useColour(this.out.isTTY === true);
  }

  start(spec: ChildSpec): Child {
    this.width = Math.max(this.width, spec.name.length);
    if (!this.colours.has(spec.name)) this.colours.set(spec.name, colourFor(this.colours.size));
    const colour = this.colour ? this.colours.get(spec.name) : undefined;
    const proc = spawn(spec.cmd, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const child = new Child(spec, proc, (line) => {
      if (this.opts.echo) this.out.write(`${prefixLine(spec.name, this.width, line, colour)}\n`);
    });
    // A restart replaces the child that ran under this name before.
    const i = this.children.findIndex((c) => c.name === spec.name && c.exitCode !== undefined);
    if (i >= 0) this.children.splice(i, 1);
    this.children.push(child);
    return child;
  }

  /** SIGTERM to every child (stopLast ones after the rest), SIGKILL for any left at the deadline. */
  async stopAll(deadlineMs = 4500): Promise<void> {
    const until = Date.now() + deadlineMs;
    const stopPhase = async (group: Child[]) => {
      for (const c of group) c.kill("SIGTERM");
      const left = until - Date.now();
      const timer = setTimeout(
        () => {
          for (const c of group) c.kill("SIGKILL");
        },
        Math.max(0, left),
      );
      await Promise.all(group.map((c) => c.exited));
      clearTimeout(timer);
    };
    await stopPhase(this.children.filter((c) => !c.spec.stopLast));
    await stopPhase(this.children.filter((c) => c.spec.stopLast));
  }
}
