/** `teleop run` (`make run`): nats-server unless NATS_URL is set, every service that exists, the dashboard. */
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CommandHelp } from "../commandHelp";
import { untilSignal } from "../connect";
import { LocalNats } from "../LocalNats";
import { prefixLine } from "../logPrefix";
import { ProcessGroup } from "../ProcessGroup";
import { discoverServices, REPO_ROOT, serviceScript } from "../stackServices";

export const runHelp: CommandHelp = {
  summary: "start nats-server (unless NATS_URL is set), every service and the dashboard",
  usage:
    "run [--services a,b] [--performance] [--no-dashboard]   (env passes through to every service)",
  options: [
    ["--services a,b", "only these services (default: every services/<name>/src/main.ts)"],
    ["--performance", "40 Hz control with the performance gains (PERFORMANCE=1)"],
    ["--no-dashboard", "do not start the dashboard"],
  ],
  examples: [
    "teleop run",
    "NATS_URL=nats://10.0.0.2:4222 teleop run --services controller,recorder",
  ],
};

/** Runner's own lines carry this name, like a child's. */
const SELF = "teleop";
const READY_TIMEOUT_MS = 30_000;

export const CLI_MAIN = join(import.meta.dir, "..", "main.ts");

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      services: { type: "string" },
      performance: { type: "boolean", default: false },
      "no-dashboard": { type: "boolean", default: false },
    },
  });
  const stopRequested = untilSignal();
  const say = (line: string) => process.stdout.write(`${prefixLine(SELF, 12, line)}\n`);
  const group = new ProcessGroup({ echo: true });

  let natsUrl = process.env.NATS_URL;
  let nats: LocalNats | undefined;
  if (natsUrl) {
    say(`using NATS at ${natsUrl} (NATS_URL)`);
  } else {
    nats = await LocalNats.start(group);
    natsUrl = nats.url;
    say(`started nats-server at ${natsUrl} (JetStream in a temporary store)`);
  }

  const found = discoverServices();
  const wanted = values.services?.split(",").map((s) => s.trim()) ?? found;
  const missing = wanted.filter((n) => !found.includes(n));
  if (missing.length > 0)
    say(`not started (no services/<name>/src/main.ts yet): ${missing.join(", ")}`);
  const env = { NATS_URL: natsUrl, ...(values.performance ? { PERFORMANCE: "1" } : {}) };
  const started = wanted
    .filter((n) => found.includes(n))
    .map((name) => group.start({ name, cmd: ["bun", serviceScript(name)], cwd: REPO_ROOT, env }));
  if (!values["no-dashboard"]) {
    started.push(
      group.start({ name: "dashboard", cmd: ["bun", CLI_MAIN, "dashboard"], cwd: REPO_ROOT, env }),
    );
  }
  for (const c of started) {
    void c.exited.then((code) => say(`${c.name} exited with code ${code}`));
  }
  void Promise.allSettled(started.map((c) => c.waitForLine(/\bready\b/, READY_TIMEOUT_MS))).then(
    (results) => {
      const ready = started.filter((_, i) => results[i]!.status === "fulfilled").map((c) => c.name);
      const late = started.filter((_, i) => results[i]!.status === "rejected").map((c) => c.name);
      say(
        `ready: ${ready.join(", ") || "none"}${late.length ? `; NOT ready: ${late.join(", ")}` : ""}`,
      );
      say("Ctrl-C stops everything");
    },
  );

  await stopRequested;
  say("stopping (SIGTERM, SIGKILL after 4.5 s)");
  await group.stopAll(4500);
  nats?.cleanup();
  say("stopped");
  return 0;
}
