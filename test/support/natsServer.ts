/**
 * Starts a real nats-server for a test file: free port, JetStream in a temp
 * dir, waits until it accepts connections. It can be stopped and restarted
 * on the same port (reconnect tests).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";

export function natsServerBinary(): string {
  const found = Bun.which("nats-server");
  if (!found) {
    throw new Error(
      "nats-server is not installed: run `make setup` (Debian: apt-get install nats-server)",
    );
  }
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
      s.connect(port, "127.0.0.1");
    });
    if (ok) return;
    await Bun.sleep(25);
  }
  throw new Error(`nothing accepted connections on port ${port} within ${timeoutMs} ms`);
}

export interface NatsServerOptions {
  jetstream?: boolean;
  /** Extra command-line arguments (e.g. a config file for auth tests). */
  args?: string[];
  port?: number;
  /** Extra environment for the server (a config file may read passwords from it). */
  env?: Record<string, string>;
}

export class NatsServer {
  private proc: Subprocess | undefined;
  private readonly storeDir: string;

  private constructor(
    readonly port: number,
    private readonly opts: NatsServerOptions,
  ) {
    this.storeDir = mkdtempSync(join(tmpdir(), "teleop-nats-"));
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** The server's process id while it runs (the benchmark reads its /proc entry). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  static async start(opts: NatsServerOptions = {}): Promise<NatsServer> {
    const server = new NatsServer(opts.port ?? (await freePort()), opts);
    await server.launch();
    return server;
  }

  private async launch(): Promise<void> {
    const args = [natsServerBinary(), "-a", "127.0.0.1", "-p", String(this.port)];
    if (this.opts.jetstream ?? true) args.push("-js", "-sd", this.storeDir);
    args.push(...(this.opts.args ?? []));
    this.proc = spawn(args, {
      stdout: "ignore",
      stderr: "ignore",
      env: { ...process.env, ...this.opts.env },
    });
    await waitForPort(this.port);
  }

  /** Stop the server (SIGKILL when `hard`), keeping its port and store. */
  async stop(hard = false): Promise<void> {
    const p = this.proc;
    if (!p) return;
    this.proc = undefined;
    p.kill(hard ? "SIGKILL" : "SIGTERM");
    await p.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
