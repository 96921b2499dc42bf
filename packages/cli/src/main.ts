#!/usr/bin/env bun
/** `teleop`: the operator's command line. Each command lives in commands/<name>.ts. */
import { type CommandHelp, formatHelp, UsageError, wantsHelp } from "./commandHelp";
import { cameras, camerasUsage } from "./commands/cameras";
import { dashboard, dashboardHelp } from "./commands/dashboard";
import { demo, demoHelp } from "./commands/demo";
import { episodes, episodesUsage } from "./commands/episodes";
import { exportCommand, exportUsage } from "./commands/export";
import { hz, hzHelp } from "./commands/hz";
import { natsCert, natsCertHelp } from "./commands/natsCert";
import { record, recordHelp } from "./commands/record";
import { run, runHelp } from "./commands/run";
import { status, statusHelp } from "./commands/status";
import { tap, tapHelp } from "./commands/tap";
import { verify, verifyHelp } from "./commands/verify";

/** A command gives its help page, or at least a usage line and a summary (help is built from them). */
type Command = { run(argv: string[]): Promise<number> } & (
  | { help: CommandHelp }
  | { usage: string; what: string }
);

const commands: Record<string, Command> = {
  run: { help: runHelp, run },
  demo: { help: demoHelp, run: demo },
  dashboard: { help: dashboardHelp, run: dashboard },
  tap: { help: tapHelp, run: tap },
  hz: { help: hzHelp, run: hz },
  status: { help: statusHelp, run: status },
  record: { help: recordHelp, run: record },
  verify: { help: verifyHelp, run: verify },
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
  "nats-cert": { help: natsCertHelp, run: natsCert },
};

function helpOf(c: Command): CommandHelp {
  return "help" in c ? c.help : { summary: c.what, usage: c.usage.replace(/^teleop /, "") };
}

function help(): string {
  const rows = Object.entries(commands).map(([name, c]) => {
    const h = helpOf(c);
    return `  ${name.padEnd(10)} ${h.summary}\n             teleop ${h.usage}`;
  });
  return `usage: teleop <command> [options]\n\n${rows.join("\n")}\n
NATS commands take --nats-url (NATS_URL, default nats://127.0.0.1:4222) and --prefix (TELEOP_PREFIX, default teleop).
teleop <command> --help shows a command's options and an example.\n`;
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
if (wantsHelp(rest)) {
  process.stdout.write(formatHelp(name, helpOf(command)));
  process.exit(0);
}
try {
  process.exit(await command.run(rest));
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  // node:util parseArgs rejects an unknown or malformed option: a usage error.
  const usage =
    err instanceof UsageError || /^ERR_PARSE_ARGS/.test(String((err as { code?: unknown }).code));
  process.stderr.write(
    `teleop ${name}: ${message}${usage ? ` (see teleop ${name} --help)` : ""}\n`,
  );
  process.exit(usage ? 2 : 1);
}
