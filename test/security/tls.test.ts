/**
 * NATS over TLS, as the remote compose overlay runs it: `teleop nats-cert`
 * makes the certificate, a real nats-server serves it, a service given
 * NATS_TLS_CA connects and works; a client without it, or trusting another
 * certificate, is refused with a message that says what to set.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bus } from "@teleop/shared/bus";
import { createLogger } from "@teleop/shared/log";
import { HealthMsg } from "@teleop/shared/messages";
import { selfSignedCertificate } from "@teleop/shared/selfSignedCertificate";
import { CliProcess } from "../cli/cli";
import { waitFor } from "../support/bus";
import { NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";

const dir = mkdtempSync(join(tmpdir(), "teleop-tls-"));
const certs = join(dir, "certs");
const cert = join(certs, "nats-cert.pem");
let server: NatsServer;
let made: CliProcess;

const connect = (url: string, tlsCaFile?: string) =>
  Bus.connect({
    url,
    service: "tls-test",
    instance: "tls-test",
    prefix: "teleop",
    log: createLogger("tls-test", "error"),
    tlsCaFile,
    waitOnFirstConnect: false,
    timeoutMs: 3000,
  });

beforeAll(async () => {
  made = new CliProcess(["nats-cert", "--out", certs, "--host", "robot-lab.local"], {});
  if ((await made.exited) !== 0) throw new Error(`nats-cert failed:\n${made.stderr}`);
  server = await NatsServer.start({
    args: ["--tls", "--tlscert", cert, "--tlskey", join(certs, "nats-key.pem")],
  });
}, 30_000);

afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test("nats-cert names the hosts clients dial, keeps its key private, and never overwrites by default", async () => {
  const names = new X509Certificate(readFileSync(cert)).subjectAltName ?? "";
  for (const name of ["DNS:localhost", "IP Address:127.0.0.1", "DNS:nats", "DNS:robot-lab.local"])
    expect(names).toContain(name);
  expect(statSync(join(certs, "nats-key.pem")).mode & 0o777).toBe(0o600);
  expect(made.stdout).toMatch(/NATS_TLS_CA=/);
  const before = readFileSync(cert, "utf8");
  const again = new CliProcess(["nats-cert", "--out", certs], {});
  expect(await again.exited).toBe(1);
  expect(again.stderr).toMatch(/already there \(--force replaces it/);
  expect(readFileSync(cert, "utf8")).toBe(before);
}, 20_000);

test("a service given NATS_TLS_CA connects over TLS and its messages flow", async () => {
  const tlsUrl = `tls://127.0.0.1:${server.port}`;
  const bus = await connect(tlsUrl, cert);
  const seen = new Set<string>();
  bus.subscribe(bus.subjects.healthAll, HealthMsg, (h) => seen.add(h.service));
  await bus.flush();
  const controller = new ServiceProcess({
    script: "services/controller/src/main.ts",
    env: { NATS_URL: tlsUrl, NATS_TLS_CA: cert },
  });
  try {
    await controller.waitForLog(/ready/, 20_000);
    expect(await waitFor(() => seen.has("controller"), 5000)).toBe(true);
    expect(controller.log).not.toMatch(/disconnected|NATS error/);
  } finally {
    expect(await controller.stop()).toBe(0);
    await bus.close();
  }
}, 40_000);

test("without NATS_TLS_CA, or trusting another certificate, the client is refused and told what to set", async () => {
  await expect(connect(server.url)).rejects.toThrow(/requires TLS.*Set NATS_TLS_CA/);
  const other = join(dir, "other.pem");
  await Bun.write(other, (await selfSignedCertificate("someone else", ["nats"])).cert);
  await expect(connect(server.url, other)).rejects.toThrow(
    /cannot connect to NATS.*NATS_TLS_CA must be the certificate this server serves/,
  );
}, 20_000);
