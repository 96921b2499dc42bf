/**
 * `make bench-wakeups`: what a Bun service pays to receive a stream, per
 * message or per wakeup. A subscriber like the services' (a keep-latest slot
 * read by a 40 Hz loop, the services' runtime environment) gets the same
 * 150 VrState messages a second (the recorder's order of intake) either each
 * on its own or gathered into 40 bursts a second, and once nothing, for the
 * loop and the idle connection alone; the rounds alternate. Prints the
 * subscriber's and nats-server's CPU and writes bench/results/wakeups.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderTable } from "@teleop/shared/table";
import { SERVICE_RUNTIME_ENV } from "../packages/cli/src/serviceRuntime";
import { NatsServer } from "../test/support/natsServer";
import { ServiceProcess } from "../test/support/serviceProcess";
import { stopDescendantsOnSignal } from "./descendants";
import { ProcMonitor } from "./ProcMonitor";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const RATE = 150;
const ROUNDS = 3;
const MODES = ["none", "even", "burst"] as const;
type Mode = (typeof MODES)[number];
const log = (line: string) => process.stderr.write(`bench-wakeups: ${line}\n`);
stopDescendantsOnSignal(log);
const SUBJECT = "bench.wakeups";

interface Run {
  mode: Mode;
  subscriberCpuPercent: number;
  natsCpuPercent: number;
  freshTicksPerSecond: number;
}

async function once(nats: NatsServer, mode: Mode): Promise<Run> {
  const sub = new ServiceProcess({
    script: "bench/wakeupSubscriber.ts",
    args: [nats.url, SUBJECT],
    env: SERVICE_RUNTIME_ENV,
  });
  const pub =
    mode === "none"
      ? undefined
      : new ServiceProcess({
          script: "bench/wakeupPublisher.ts",
          args: [nats.url, SUBJECT, String(RATE), mode],
        });
  try {
    // Start-up and the first compiles stay out of the window.
    await Bun.sleep(3000);
    const monitor = new ProcMonitor({ subscriber: sub.proc.pid, nats: nats.pid! });
    const freshAt = () => Number(sub.log.match(/fresh (\d+)\n(?!.*fresh)/s)?.[1] ?? 0);
    const fresh0 = freshAt();
    monitor.start();
    await Bun.sleep(SECONDS * 1000);
    const costs = monitor.stop();
    return {
      mode,
      subscriberCpuPercent: costs.subscriber!.cpuPercent,
      natsCpuPercent: costs.nats!.cpuPercent,
      freshTicksPerSecond: (freshAt() - fresh0) / SECONDS,
    };
  } finally {
    await pub?.stop();
    await sub.stop();
  }
}

const nats = await NatsServer.start();
const runs: Run[] = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of MODES) {
      log(`round ${round} of ${ROUNDS}: ${mode}, ${SECONDS} s`);
      runs.push(await once(nats, mode));
    }
  }
} finally {
  await nats.dispose();
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = MODES.map((mode) => {
  const mine = runs.filter((r) => r.mode === mode);
  return [
    mode === "none"
      ? "none (the loop alone)"
      : `${RATE}/s, ${mode === "even" ? "each on its own" : "40 bursts a second"}`,
    mine.map((r) => r.subscriberCpuPercent.toFixed(2)).join(" / "),
    mean(mine.map((r) => r.subscriberCpuPercent)).toFixed(2),
    mine.map((r) => r.natsCpuPercent.toFixed(2)).join(" / "),
    mean(mine.map((r) => r.freshTicksPerSecond)).toFixed(1),
  ];
});
process.stdout.write(
  `\nteleop bench-wakeups: ${SECONDS} s per run, ${ROUNDS} rounds\n\n${renderTable(
    [
      "messages",
      "subscriber CPU % (each round)",
      "mean",
      "nats-server CPU %",
      "ticks with a new message /s",
    ],
    rows,
  )}\n`,
);
const resultsDir = resolve(import.meta.dir, "results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "wakeups.json"),
  `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, rate: RATE, runs }, null, 2)}\n`,
);
