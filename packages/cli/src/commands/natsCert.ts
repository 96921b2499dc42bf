/**
 * `teleop nats-cert`: the certificate NATS serves TLS with when other machines
 * reach it (docker-compose.remote.yml mounts it). One self-signed certificate
 * and its key; clients trust it with NATS_TLS_CA=<dir>/nats-cert.pem (copy that
 * file, never the key, to the other machines).
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { lanIPv4, selfSignedCertificate } from "@teleop/shared/selfSignedCertificate";
import { type CommandHelp, UsageError } from "../commandHelp";

/** Where the remote overlay looks for it (TELEOP_NATS_CERTS overrides). */
export const DEFAULT_NATS_CERT_DIR = ".certs/nats";
/** The NATS service's name on the compose network, which the stack's own services dial. */
const COMPOSE_HOST = "nats";

export const natsCertHelp: CommandHelp = {
  summary: "make the TLS certificate NATS serves to other machines (the remote compose overlay)",
  usage: "nats-cert [--out DIR] [--host NAME_OR_IP]... [--force]",
  options: [
    ["--out DIR", `where nats-cert.pem and nats-key.pem go (default ${DEFAULT_NATS_CERT_DIR})`],
    [
      "--host H",
      "a name or address other machines dial, besides localhost, this machine's LAN addresses and `nats` (repeatable)",
    ],
    ["--force", "replace a certificate that is already there (clients must get the new one)"],
  ],
  examples: [
    "teleop nats-cert --host robot-lab.local",
    "NATS_URL=tls://192.168.1.20:4222 NATS_TLS_CA=nats-cert.pem bun services/robot-bridge/src/main.ts",
  ],
};

export async function natsCert(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: "string", default: DEFAULT_NATS_CERT_DIR },
      host: { type: "string", multiple: true, default: [] },
      force: { type: "boolean", default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`usage: teleop ${natsCertHelp.usage}`);
  const certPath = join(values.out, "nats-cert.pem");
  const keyPath = join(values.out, "nats-key.pem");
  if (existsSync(certPath) && !values.force) {
    process.stderr.write(
      `teleop nats-cert: ${certPath} is already there (--force replaces it; every client then needs the new file)\n`,
    );
    return 1;
  }
  const hosts = [COMPOSE_HOST, ...lanIPv4(), ...values.host];
  const pems = await selfSignedCertificate("teleop nats", hosts);
  mkdirSync(values.out, { recursive: true });
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.key, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  process.stdout.write(
    `wrote ${certPath} (for localhost, 127.0.0.1, ${hosts.join(", ")}) and ${keyPath}\n` +
      `clients on other machines: NATS_URL=tls://<this machine>:4222 NATS_TLS_CA=<a copy of ${certPath}>\n`,
  );
  return 0;
}
