/** A nats-server started by `teleop run` / `teleop demo` when no NATS_URL is given. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, isPortFree, waitForPort } from "@teleop/shared/ports";
import type { Child, ProcessGroup } from "./ProcessGroup";
import { REPO_ROOT } from "./stackServices";

/** The project's server settings (max_payload fits the largest camera frame). */
export const NATS_CONFIG = join(REPO_ROOT, "deploy", "nats-server.conf");

export const DEFAULT_NATS_PORT = 4222;

export const NATS_MISSING =
  "nats-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install nats-server`; " +
  "other systems: https://docs.nats.io/running-a-nats-service/introduction/installation), " +
  "or set NATS_URL to a running server.";

export class LocalNats {
  private constructor(
    readonly port: number,
    readonly child: Child,
    private readonly storeDir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** On `preferredPort` when it is free, else any free port; JetStream in a temp store. */
  static async start(group: ProcessGroup, preferredPort = DEFAULT_NATS_PORT): Promise<LocalNats> {
    const bin = Bun.which("nats-server");
    if (!bin) throw new Error(NATS_MISSING);
    const port = (await isPortFree(preferredPort)) ? preferredPort : await freePort();
    const storeDir = mkdtempSync(join(tmpdir(), "teleop-nats-"));
    const child = group.start({
      name: "nats",
      cmd: [bin, "-c", NATS_CONFIG, "-a", "127.0.0.1", "-p", String(port), "-js", "-sd", storeDir],
      stopLast: true,
    });
    const up = await Promise.race([waitForPort(port, 10_000), child.exited.then(() => false)]);
    if (!up) {
      rmSync(storeDir, { recursive: true, force: true });
      throw new Error(`nats-server did not start on port ${port}:\n  ${child.lines.join("\n  ")}`);
    }
    return new LocalNats(port, child, storeDir);
  }

  /** Remove the temp store (after the group has stopped the server). */
  cleanup(): void {
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
