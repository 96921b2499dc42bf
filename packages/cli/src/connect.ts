/** NATS connection for the CLI commands: NATS_URL / TELEOP_PREFIX (or flags), a clear error when unreachable. */
import { Bus } from "@teleop/shared/bus";
import { type ConfigOf, commonSpecs, loadConfig } from "@teleop/shared/config";
import { createLogger } from "@teleop/shared/log";

/** Flags every NATS command accepts (node:util parseArgs options). */
export const connectionOptions = {
  "nats-url": { type: "string" },
  prefix: { type: "string" },
} as const;

export type Connection = ConfigOf<typeof commonSpecs>;

/** Environment first, flags over it; validated by the shared config specs. */
export function connectionConfig(
  flags: { "nats-url"?: string; prefix?: string },
  env: Record<string, string | undefined> = process.env,
): Connection {
  const argv: string[] = [];
  if (flags["nats-url"] !== undefined) argv.push(`--nats-url=${flags["nats-url"]}`);
  if (flags.prefix !== undefined) argv.push(`--prefix=${flags.prefix}`);
  return loadConfig(commonSpecs, { argv, env });
}

/** Connect once (no waiting for a server that is not there); throws naming the URL and what to start. */
export async function connectCli(c: Connection): Promise<Bus> {
  return Bus.connect({
    url: c.natsUrl,
    service: "teleop-cli",
    instance: c.instance,
    prefix: c.prefix,
    // Warnings only, on stderr: stdout carries the command's own output.
    log: createLogger("teleop", "warn"),
    user: c.natsUser || undefined,
    password: c.natsPassword || undefined,
    token: c.natsToken || undefined,
    nkeySeedFile: c.natsNkeySeedFile || undefined,
    tlsCaFile: c.natsTlsCa || undefined,
    waitOnFirstConnect: false,
    timeoutMs: 3000,
  });
}

/** Resolves on the first SIGINT, SIGTERM or SIGHUP (Ctrl-C, kill, a closed terminal). */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(sig, () => resolve());
  });
}
