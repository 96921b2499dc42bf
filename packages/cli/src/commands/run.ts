/**
 * `teleop run` (`make run`, `make dev`): nats-server unless NATS_URL is set,
 * every service that exists and the dashboard; a service that dies is
 * restarted with a backoff, and with --watch a service restarts when its
 * source changes.
 */
import { type FSWatcher, watch } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type CommandHelp, UsageError } from "../commandHelp";
import { untilSignal } from "../connect";
import { DEFAULT_NATS_PORT, LocalNats } from "../LocalNats";
import { prefixLine } from "../logPrefix";
import { type Child, type ChildSpec, ProcessGroup } from "../ProcessGroup";
import { RestartBackoff } from "../RestartBackoff";
import { dashboardUrl, foxgloveUrl, readyLines, webxrUrls } from "../readyReport";
import { bundleServices, serviceBundle } from "../serviceBundles";
import { serviceSpec } from "../serviceRuntime";
import { affectedBy, scanUses, type WatchedProcess } from "../sourceDeps";
import { discoverServices, REPO_ROOT, serviceScript } from "../stackServices";

export const runHelp: CommandHelp = {
  summary:
    "start nats-server (unless NATS_URL is set), every service and the dashboard; restart what dies",
  usage:
    "run [--services a,b] [--performance] [--no-dashboard] [--no-restart] [--watch]   (env passes through to every service)",
  options: [
    ["--services a,b", "only these services (default: every services/<name>/src/main.ts)"],
    ["--performance", "40 Hz control with the performance gains (PERFORMANCE=1)"],
    ["--no-dashboard", "do not start the dashboard"],
    ["--no-restart", "leave a service that dies dead (default: restart it, with a backoff)"],
    ["--watch", "restart a service when its source (its folder or a package it uses) changes"],
  ],
  env: "NATS_PORT: the port of the nats-server it starts when NATS_URL is unset (default 4222)",
  examples: [
    "teleop run",
    "VR_SOURCE=webxr teleop run --watch",
    "NATS_URL=nats://10.0.0.2:4222 teleop run --services controller,recorder",
  ],
};

/** Runner's own lines carry this name, like a child's. */
const SELF = "teleop";
const READY_TIMEOUT_MS = 30_000;
const STOP_DEADLINE_MS = 4500;
/** Editors write a file in several steps: changes this close together are one. */
const WATCH_DEBOUNCE_MS = 300;

export const CLI_MAIN = join(import.meta.dir, "..", "main.ts");

/** NATS_PORT: where `teleop run` would like its own nats-server (default 4222). */
function natsPort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_NATS_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`NATS_PORT="${raw}" is not valid: expected a port 1-65535`);
  }
  return port;
}

interface Supervised {
  spec: ChildSpec;
  dir: string;
  child: Child;
  startedAt: number;
  backoff: RestartBackoff;
  /** A --watch restart is stopping the child on purpose. */
  replacing: boolean;
  pending?: ReturnType<typeof setTimeout>;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      services: { type: "string" },
      performance: { type: "boolean", default: false },
      "no-dashboard": { type: "boolean", default: false },
      "no-restart": { type: "boolean", default: false },
      watch: { type: "boolean", default: false },
    },
  });
  const found = discoverServices();
  const wanted = values.services?.split(",").map((s) => s.trim()) ?? found;
  if (wanted.length === 0 || wanted.some((n) => n === "")) {
    throw new UsageError("--services needs a comma-separated list of service names");
  }
  const stopRequested = untilSignal();
  const say = (line: string) => process.stdout.write(`${prefixLine(SELF, 12, line)}\n`);
  // --watch restarts from the sources; otherwise each service runs from its bundle
  // (built before anything starts, so a bundling error leaves nothing running).
  const starting = wanted.filter((n) => found.includes(n));
  if (!values.watch && starting.length > 0) {
    const t0 = Date.now();
    await bundleServices(starting);
    say(`bundled ${starting.join(", ")} into services/<name>/dist in ${Date.now() - t0} ms`);
  }
  const group = new ProcessGroup({ echo: true });

  let natsUrl = process.env.NATS_URL;
  let nats: LocalNats | undefined;
  let natsNote: string | undefined;
  if (natsUrl) {
    say(`using NATS at ${natsUrl} (NATS_URL)`);
  } else {
    const preferred = natsPort(process.env.NATS_PORT);
    nats = await LocalNats.start(group, preferred);
    natsUrl = nats.url;
    say(`started nats-server at ${natsUrl} (JetStream in a temporary store)`);
    if (nats.port !== preferred) {
      natsNote = `port ${preferred} was taken; other teleop commands need this`;
      say(
        `port ${preferred} is in use, so nats-server runs on ${nats.port}: in another terminal, export NATS_URL=${natsUrl} before other teleop commands`,
      );
    }
  }

  const missing = wanted.filter((n) => !found.includes(n));
  if (missing.length > 0)
    say(`not started (no services/<name>/src/main.ts yet): ${missing.join(", ")}`);
  const env = { NATS_URL: natsUrl, ...(values.performance ? { PERFORMANCE: "1" } : {}) };
  const script = values.watch ? serviceScript : serviceBundle;
  const specs: Array<{ spec: ChildSpec; dir: string }> = starting.map((name) => ({
    spec: serviceSpec(name, script(name), env),
    dir: `services/${name}`,
  }));
  if (!values["no-dashboard"]) {
    specs.push({
      spec: { name: "dashboard", cmd: ["bun", CLI_MAIN, "dashboard"], cwd: REPO_ROOT, env },
      dir: "packages/cli",
    });
  }

  let stopping = false;
  const supervised = new Map<string, Supervised>();
  const launch = (s: Supervised): void => {
    const child = group.start(s.spec);
    s.child = child;
    s.startedAt = Date.now();
    void child.exited.then((code) => {
      // Stopping, or replaced by a --watch restart: not a death.
      if (stopping || s.replacing) return;
      if (values["no-restart"]) {
        say(`${s.spec.name} exited with code ${code}; not restarted (--no-restart)`);
        return;
      }
      const delay = s.backoff.next(Date.now() - s.startedAt);
      say(
        `${s.spec.name} exited with code ${code}; restarting in ${(delay / 1000).toFixed(1)} s (restart ${s.backoff.restarts})`,
      );
      s.pending = setTimeout(() => {
        s.pending = undefined;
        if (!stopping) launch(s);
      }, delay);
    });
  };
  for (const { spec, dir } of specs) {
    const s = { spec, dir, backoff: new RestartBackoff(), replacing: false } as Supervised;
    supervised.set(spec.name, s);
    launch(s);
  }

  const started = [...supervised.values()].map((s) => s.child);
  void Promise.allSettled(started.map((c) => c.waitForLine(/\bready\b/, READY_TIMEOUT_MS))).then(
    (results) => {
      const ready = started.filter((_, i) => results[i]!.status === "fulfilled").map((c) => c.name);
      const late = started.filter((_, i) => results[i]!.status === "rejected").map((c) => c.name);
      const lines = (name: string) => supervised.get(name)?.child.lines ?? [];
      const block = readyLines(ready, late, {
        dashboard: dashboardUrl(lines("dashboard")),
        foxglove: supervised.has("foxglove") ? foxgloveUrl(lines("foxglove")) : undefined,
        webxr: process.env.VR_SOURCE === "webxr" ? webxrUrls(lines("vr-ingest")) : [],
        natsUrl: natsUrl!,
        natsNote,
      });
      for (const l of block) say(l);
      say(`Ctrl-C stops everything${values.watch ? "; watching the sources for changes" : ""}`);
    },
  );

  const watchers = values.watch
    ? watchSources([...supervised.values()], say, async (s, file) => {
        if (stopping) return;
        if (s.pending) clearTimeout(s.pending);
        say(`${s.spec.name}: ${file} changed; restarting it`);
        s.replacing = true;
        await s.child.stop(STOP_DEADLINE_MS);
        s.replacing = false;
        s.backoff = new RestartBackoff();
        if (!stopping) launch(s);
      })
    : [];

  await stopRequested;
  stopping = true;
  for (const w of watchers) w.close();
  for (const s of supervised.values()) if (s.pending) clearTimeout(s.pending);
  say(`stopping (SIGTERM, SIGKILL after ${STOP_DEADLINE_MS / 1000} s)`);
  await group.stopAll(STOP_DEADLINE_MS);
  nats?.cleanup();
  say("stopped");
  return 0;
}

/** fs.watch on services/ and packages/; each change restarts the processes it affects, once per burst. */
function watchSources(
  list: Supervised[],
  say: (line: string) => void,
  restart: (s: Supervised, file: string) => Promise<void>,
): FSWatcher[] {
  const processes: WatchedProcess[] = list.map((s) => ({ name: s.spec.name, dir: s.dir }));
  const uses = scanUses(REPO_ROOT, processes);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const onChange = (rel: string) => {
    for (const name of affectedBy(rel, processes, uses)) {
      const s = list.find((x) => x.spec.name === name)!;
      clearTimeout(timers.get(name));
      timers.set(
        name,
        setTimeout(() => {
          timers.delete(name);
          void restart(s, rel);
        }, WATCH_DEBOUNCE_MS),
      );
    }
  };
  say("watching services/ and packages/ for source changes (--watch)");
  return ["services", "packages"].map((top) =>
    watch(join(REPO_ROOT, top), { recursive: true }, (_event, file) => {
      if (file) onChange(`${top}/${String(file)}`);
    }),
  );
}
