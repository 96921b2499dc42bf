/**
 * Three (or n) nats-server processes on loopback joined by routes, each with
 * its own JetStream store and monitoring port, in one JetStream cluster. A
 * node can be killed; the monitoring endpoint says which clients each node
 * holds (by connection name, `service/instance`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { freePort, natsServerBinary, waitForPort } from "../support/natsServer";

interface Node {
  name: string;
  port: number;
  clusterPort: number;
  httpPort: number;
  storeDir: string;
  proc: Subprocess | undefined;
}

export class NatsCluster {
  private constructor(private readonly nodes: Node[]) {}

  static async start(size = 3, clusterName = "teleop-test"): Promise<NatsCluster> {
    const nodes: Node[] = [];
    for (let i = 0; i < size; i++) {
      nodes.push({
        name: `n${i + 1}`,
        port: await freePort(),
        clusterPort: await freePort(),
        httpPort: await freePort(),
        storeDir: mkdtempSync(join(tmpdir(), `teleop-cluster-n${i + 1}-`)),
        proc: undefined,
      });
    }
    const cluster = new NatsCluster(nodes);
    for (const node of nodes) {
      const routes = nodes
        .filter((n) => n !== node)
        .map((n) => `nats://127.0.0.1:${n.clusterPort}`)
        .join(",");
      node.proc = spawn(
        [
          natsServerBinary(),
          ...["-a", "127.0.0.1", "-p", String(node.port), "--server_name", node.name],
          ...["--cluster_name", clusterName, "--cluster", `nats://127.0.0.1:${node.clusterPort}`],
          ...["--routes", routes, "-js", "-sd", node.storeDir, "-m", String(node.httpPort)],
        ],
        { stdout: "ignore", stderr: "ignore" },
      );
    }
    for (const node of nodes) await waitForPort(node.port);
    await cluster.waitForMetaCluster();
    return cluster;
  }

  get size(): number {
    return this.nodes.length;
  }

  url(i: number): string {
    return `nats://127.0.0.1:${this.nodes[i]!.port}`;
  }

  name(i: number): string {
    return this.nodes[i]!.name;
  }

  /** NATS_URL listing every node, starting at `first` (each service gets another order). */
  urlList(first: number): string {
    return this.nodes.map((_, k) => this.url((first + k) % this.size)).join(",");
  }

  alive(i: number): boolean {
    return this.nodes[i]!.proc !== undefined;
  }

  private async monitor<T>(i: number, path: string): Promise<T> {
    const r = await fetch(`http://127.0.0.1:${this.nodes[i]!.httpPort}${path}`);
    return (await r.json()) as T;
  }

  /** Names of the client connections node i holds. */
  async clients(i: number): Promise<string[]> {
    const z = await this.monitor<{ connections?: Array<{ name?: string }> }>(
      i,
      "/connz?limit=1024",
    );
    return (z.connections ?? []).map((c) => c.name ?? "");
  }

  /** Index of the live node holding a connection whose name starts with `prefix`, if any. */
  async nodeOf(prefix: string): Promise<number | undefined> {
    for (let i = 0; i < this.size; i++) {
      if (!this.alive(i)) continue;
      if ((await this.clients(i)).some((n) => n.startsWith(prefix))) return i;
    }
    return undefined;
  }

  /**
   * Until every node names the same JetStream meta leader and the leader has
   * every other node as a current replica: before that, creating a stream
   * with a replica on each node (the KV buckets) can outlast its request's
   * timeout on a busy machine.
   */
  private async waitForMetaCluster(timeoutMs = 15_000): Promise<void> {
    type Meta = { leader?: string; replicas?: Array<{ current?: boolean }> };
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try {
        const metas = await Promise.all(
          this.nodes.map((_, i) => this.monitor<{ meta_cluster?: Meta }>(i, "/jsz")),
        );
        const leader = metas[0]?.meta_cluster?.leader;
        const onLeader = metas[this.nodes.findIndex((n) => n.name === leader)]?.meta_cluster;
        const replicas = onLeader?.replicas ?? [];
        if (
          leader &&
          metas.every((m) => m.meta_cluster?.leader === leader) &&
          replicas.length === this.nodes.length - 1 &&
          replicas.every((r) => r.current)
        )
          return;
      } catch {
        // Monitoring not up yet.
      }
      await Bun.sleep(100);
    }
    throw new Error(`the JetStream cluster was not whole and current within ${timeoutMs} ms`);
  }

  /** Kill node i (SIGKILL: no goodbye to clients or peers; the OS closes its sockets). */
  async kill(i: number): Promise<void> {
    const node = this.nodes[i]!;
    const p = node.proc;
    node.proc = undefined;
    if (!p) return;
    p.kill("SIGKILL");
    await p.exited;
  }

  async dispose(): Promise<void> {
    for (let i = 0; i < this.size; i++) await this.kill(i);
    for (const n of this.nodes) rmSync(n.storeDir, { recursive: true, force: true });
  }
}
