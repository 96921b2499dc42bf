/**
 * `make bench-transport`: CPU per publish and per received message on the
 * node transport (Bun's node:net layer) against the Bun transport
 * (`Bun.connect`), in one run on one nats-server: the same 40 Hz-like load
 * (300-byte messages at RATE_HZ for SECONDS each, a subscriber in the same
 * process) through each, less the CPU of the paced loop alone. Prints a table and writes bench/results/transport.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect as nodeConnect } from "@nats-io/transport-node";
import { connect as bunConnect } from "@teleop/nats-bun/connect";
import { renderTable } from "@teleop/shared/table";
import { NatsServer } from "../test/support/natsServer";

const RATE_HZ = Number(process.env.TRANSPORT_RATE_HZ ?? 400);
const SECONDS = Number(process.env.TRANSPORT_SECONDS ?? 5);
const ROUNDS = 3;

interface Figures {
  transport: string;
  messages: number;
  cpuMsTotal: number;
  cpuUsPerMessage: number;
}

/** The paced loop alone (timers, no NATS): subtracted from both transports. */
async function loopOnly(): Promise<number> {
  const n = RATE_HZ * SECONDS;
  const period = 1000 / RATE_HZ;
  const before = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i + 1) * period - performance.now();
    if (wait > 0) await Bun.sleep(wait);
  }
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000;
}

async function measure(
  name: string,
  connect: (o: { servers: string }) => Promise<NatsConnection>,
  url: string,
  loopMs: number,
): Promise<Figures> {
  const pub = await connect({ servers: url });
  const sub = await connect({ servers: url });
  let got = 0;
  sub.subscribe("bench.transport", {
    callback: () => {
      got++;
    },
  });
  await sub.flush();
  const payload = new Uint8Array(300).fill(7);
  const n = RATE_HZ * SECONDS;
  const period = 1000 / RATE_HZ;
  const before = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    pub.publish("bench.transport", payload);
    const wait = t0 + (i + 1) * period - performance.now();
    if (wait > 0) await Bun.sleep(wait);
  }
  await pub.flush();
  while (got < n) await Bun.sleep(5);
  const cpu = process.cpuUsage(before);
  await pub.close();
  await sub.close();
  const cpuMs = (cpu.user + cpu.system) / 1000 - loopMs;
  return { transport: name, messages: n, cpuMsTotal: cpuMs, cpuUsPerMessage: (cpuMs * 1000) / n };
}

const server = await NatsServer.start({ jetstream: false });
const results: Figures[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    const loopMs = await loopOnly();
    results.push(await measure("node (node:net)", nodeConnect, server.url, loopMs));
    results.push(await measure("bun (Bun.connect)", bunConnect, server.url, loopMs));
  }
} finally {
  await server.dispose();
}
const best = (name: string) =>
  Math.min(...results.filter((f) => f.transport === name).map((f) => f.cpuUsPerMessage));
const node = best("node (node:net)");
const bun = best("bun (Bun.connect)");
process.stdout.write(
  `${renderTable(
    ["transport", "messages", "CPU ms", "CPU us / message (publish + receive)"],
    results.map((f) => [
      f.transport,
      String(f.messages),
      f.cpuMsTotal.toFixed(0),
      f.cpuUsPerMessage.toFixed(1),
    ]),
  )}\nbest of ${ROUNDS}: node ${node.toFixed(1)} us, bun ${bun.toFixed(1)} us per message (${(node / bun).toFixed(2)}x)\n`,
);
const dir = resolve(import.meta.dir, "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "transport.json"),
  JSON.stringify({ rateHz: RATE_HZ, seconds: SECONDS, results, bestUs: { node, bun } }, null, 2),
);
