/**
 * Starts a real nats-server for a test file: free port, JetStream in a temp
 * dir, waits until it accepts connections. It can be stopped and restarted
 * on the same port (reconnect tests).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForPort as portAccepts } from "@teleop/shared/ports";
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

export { freePort };

/**
 * Store dirs of servers not yet disposed, removed when this process exits
 * (a bench stopped by a signal exits without disposing; bench/descendants.ts
 * has stopped its servers by then).
 */
const liveStores = new Set<string>();
process.on("exit", () => {
  for (const dir of liveStores) rmSync(dir, { recursive: true, force: true });
});

/** Waits until something accepts connections on the port; throws after the timeout. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  if (!(await portAccepts(port, timeoutMs))) {
    throw new Error(`nothing accepted connections on port ${port} within ${timeoutMs} ms`);
  }
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
    liveStores.add(this.storeDir);
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
    liveStores.delete(this.storeDir);
  }
}
