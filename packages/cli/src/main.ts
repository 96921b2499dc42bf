#!/usr/bin/env bun
/** `teleop`: the operator's command line. Each command lives in commands/<name>.ts. */
import { type CommandHelp, formatHelp, UsageError, wantsHelp } from "./commandHelp";

/** A command gives its help page, or at least a usage line and a summary (help is built from them). */
type Command = { run(argv: string[]): Promise<number> } & (
  | { help: CommandHelp }
  | { usage: string; what: string }
);

/**
 * Each command's module is loaded only when that command runs (or for the
 * overview): together they cost ~120 ms and ~13 MB at start-up, which every
 * `teleop tap` would pay.
 */
/** A command whose module is imported on first use. */
function lazy<M>(load: () => Promise<M>, pick: (m: M) => Command): () => Promise<Command> {
  return async () => pick(await load());
}

const commands: Record<string, () => Promise<Command>> = {
  run: lazy(
    () => import("./commands/run"),
    (m) => ({ help: m.runHelp, run: m.run }),
  ),
  demo: lazy(
    () => import("./commands/demo"),
    (m) => ({ help: m.demoHelp, run: m.demo }),
  ),
  dashboard: lazy(
    () => import("./commands/dashboard"),
    (m) => ({ help: m.dashboardHelp, run: m.dashboard }),
  ),
  tap: lazy(
    () => import("./commands/tap"),
    (m) => ({ help: m.tapHelp, run: m.tap }),
  ),
  hz: lazy(
    () => import("./commands/hz"),
    (m) => ({ help: m.hzHelp, run: m.hz }),
  ),
  status: lazy(
    () => import("./commands/status"),
    (m) => ({ help: m.statusHelp, run: m.status }),
  ),
  record: lazy(
    () => import("./commands/record"),
    (m) => ({ help: m.recordHelp, run: m.record }),
  ),
  verify: lazy(
    () => import("./commands/verify"),
    (m) => ({ help: m.verifyHelp, run: m.verify }),
  ),
  episodes: lazy(
    () => import("./commands/episodes"),
    (m) => ({
      usage: m.episodesUsage,
      what: "table of recorded episodes: task, outcome, quality",
      run: m.episodes,
    }),
  ),
  cameras: lazy(
    () => import("./commands/cameras"),
    (m) => ({
      usage: m.camerasUsage,
      what: "list UVC cameras; `test`: measure each camera's fps",
      run: m.cameras,
    }),
  ),
  export: lazy(
    () => import("./commands/export"),
    (m) => ({
      usage: m.exportUsage,
      what: "recordings -> one LeRobot v3.0 dataset",
      run: m.exportCommand,
    }),
  ),
  "nats-cert": lazy(
    () => import("./commands/natsCert"),
    (m) => ({ help: m.natsCertHelp, run: m.natsCert }),
  ),
};

function helpOf(c: Command): CommandHelp {
  return "help" in c ? c.help : { summary: c.what, usage: c.usage.replace(/^teleop /, "") };
}

async function help(): Promise<string> {
  const rows: string[] = [];
  for (const [name, load] of Object.entries(commands)) {
    const h = helpOf(await load());
    rows.push(`  ${name.padEnd(10)} ${h.summary}\n             teleop ${h.usage}`);
  }
  return `usage: teleop <command> [options]\n\n${rows.join("\n")}\n
NATS commands take --nats-url (NATS_URL, default nats://127.0.0.1:4222) and --prefix (TELEOP_PREFIX, default teleop).
teleop <command> --help shows a command's options and an example.\n`;
}

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || name === "help" || name === "--help" || name === "-h") {
  process.stdout.write(await help());
  process.exit(0);
}
const load = commands[name];
if (!load) {
  process.stderr.write(`teleop: unknown command "${name}"\n\n${await help()}`);
  process.exit(2);
}
const command = await load();
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
