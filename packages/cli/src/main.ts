#!/usr/bin/env bun
/** `teleop`: the operator's command line. Each command lives in commands/<name>.ts. */
import { cameras, camerasUsage } from "./commands/cameras";
import { dashboard, dashboardUsage } from "./commands/dashboard";
import { demo, demoUsage } from "./commands/demo";
import { episodes, episodesUsage } from "./commands/episodes";
import { exportCommand, exportUsage } from "./commands/export";
import { hz, hzUsage } from "./commands/hz";
import { record, recordUsage } from "./commands/record";
import { run, runUsage } from "./commands/run";
import { status, statusUsage } from "./commands/status";
import { tap, tapUsage } from "./commands/tap";
import { verify, verifyUsage } from "./commands/verify";

const commands: Record<
  string,
  { usage: string; what: string; run(argv: string[]): Promise<number> }
> = {
  run: {
    usage: runUsage,
    what: "start nats-server (unless NATS_URL is set), every service and the dashboard",
    run,
  },
  demo: {
    usage: demoUsage,
    what: "record one scripted pick-and-place episode on the simulated arm, verify and summarise it",
    run: demo,
  },
  dashboard: {
    usage: dashboardUsage,
    what: "live web dashboard (health, mode, recording, plots)",
    run: dashboard,
  },
  tap: { usage: tapUsage, what: "print each message as one JSON line", run: tap },
  hz: { usage: hzUsage, what: "rate, period spread and age per subject", run: hz },
  status: { usage: statusUsage, what: "every service's health in one table", run: status },
  record: { usage: recordUsage, what: "drive the recorder", run: record },
  verify: { usage: verifyUsage, what: "check a recorded MCAP file", run: verify },
  episodes: {
    usage: episodesUsage,
    what: "table of recorded episodes: task, outcome, quality",
    run: episodes,
  },
  cameras: {
    usage: camerasUsage,
    what: "list UVC cameras; `test`: measure each camera's fps",
    run: cameras,
  },
  export: {
    usage: exportUsage,
    what: "recordings -> one LeRobot v3.0 dataset",
    run: exportCommand,
  },
};

function help(): string {
  const rows = Object.entries(commands).map(
    ([name, c]) => `  ${name.padEnd(10)} ${c.what}\n             ${c.usage}`,
  );
  return `usage: teleop <command> [options]\n\n${rows.join("\n")}\n
NATS commands take --nats-url (NATS_URL, default nats://127.0.0.1:4222) and --prefix (TELEOP_PREFIX, default teleop).\n`;
}

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || name === "help" || name === "--help" || name === "-h") {
  process.stdout.write(help());
  process.exit(0);
}
const command = commands[name];
if (!command) {
  process.stderr.write(`teleop: unknown command "${name}"\n\n${help()}`);
  process.exit(2);
}
try {
  process.exit(await command.run(rest));
} catch (err) {
  process.stderr.write(`teleop ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
