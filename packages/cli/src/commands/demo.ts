/**
 * `teleop demo` (`make demo`): nats-server and every service on the scripted
 * pick-and-place operator and the simulated arm with the seed's ~150 ms round
 * trip; waits for the saved episode, verifies the file, prints a summary read
 * from the running services and the file, and stops everything.
 */
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { exportLerobot } from "@teleop/export/exportLerobot";
import { formatBytes } from "@teleop/export/format";
import { formatReport, verifyFile } from "@teleop/recording/verify";
import type { Bus } from "@teleop/shared/bus";
import { SceneStateMsg } from "@teleop/shared/cameraMessages";
import { SEED_ROBOT_STEP_MS, SEED_ROBOT_STEPS } from "@teleop/shared/control";
import { EventType } from "@teleop/shared/events";
import {
  ControlStatusMsg,
  EventMsg,
  HealthMsg,
  RecorderReplyMsg,
  RobotStateMsg,
} from "@teleop/shared/messages";
import { freePort } from "@teleop/shared/ports";
import type { CommandHelp } from "../commandHelp";
import { connectCli, connectionConfig, untilSignal } from "../connect";
import {
  type CameraFigures,
  type CubeFigures,
  formatProgress,
  formatSummary,
} from "../demo/demoSummary";
import { EpisodeWatch } from "../demo/EpisodeWatch";
import { LocalNats } from "../LocalNats";
import type { Child } from "../ProcessGroup";
import { ProcessGroup } from "../ProcessGroup";
import { bundleServices, serviceBundle } from "../serviceBundles";
import { serviceSpec } from "../serviceRuntime";
import { REPO_ROOT, START_ORDER, serviceScript } from "../stackServices";
import { CLI_MAIN } from "./run";

export const demoHelp: CommandHelp = {
  summary:
    "record one scripted pick-and-place episode on the simulated arm, verify and summarise it (make demo)",
  usage: "demo [--performance] [--verbose] [--no-dashboard] [--timeout S]",
  options: [
    ["--performance", "40 Hz control with the performance gains"],
    ["--verbose", "print every service's log lines and the full verify report"],
    ["--no-dashboard", "do not start the dashboard"],
    ["--timeout S", "give up when no episode is saved within S seconds (default 60)"],
  ],
  examples: ["teleop demo", "teleop demo --performance --verbose"],
};

const READY_TIMEOUT_MS = 20_000;
const PROGRESS_MS = 500;

/** The demo's fixed choices: the scripted operator and the simulated arm at the seed's pace. */
const DEMO_ENV = {
  VR_SOURCE: "sim",
  SCENARIO: "pick-place",
  SCENARIO_LOOP: "false",
  ROBOT_BACKEND: "sim",
  SIM_STEPS: String(SEED_ROBOT_STEPS),
  SIM_STEP_MS: String(SEED_ROBOT_STEP_MS),
};

type Outcome =
  | { kind: "saved"; path: string; success: boolean }
  | { kind: "discarded" }
  | { kind: "exit"; child: Child; code: number }
  | { kind: "timeout" }
  | { kind: "signal" };

export async function demo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      performance: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      "no-dashboard": { type: "boolean", default: false },
      timeout: { type: "string", default: "60" },
    },
  });
  const timeoutS = Number(values.timeout);
  if (!(timeoutS > 0)) throw new Error("--timeout needs a number of seconds > 0");
  const missing = START_ORDER.filter((n) => !existsSync(serviceScript(n)));
  if (missing.length > 0) {
    throw new Error(
      `the demo needs every service; not found: ${missing.map((n) => `services/${n}/src/main.ts`).join(", ")}`,
    );
  }

  const startedAt = Date.now();
  const signal = untilSignal().then((): Outcome => ({ kind: "signal" }));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const group = new ProcessGroup({ echo: values.verbose });
  let nats: LocalNats | undefined;
  let bus: Bus | undefined;
  let progress: ReturnType<typeof setInterval> | undefined;
  try {
    // Its own server on a free port: a demo never disturbs a stack already running on 4222.
    nats = await LocalNats.start(group, await freePort());
    bus = await connectCli(connectionConfig({ "nats-url": nats.url }));
    const watch = new EpisodeWatch();
    const s = bus.subjects;
    let episodePath: string | undefined;
    const episode = Promise.withResolvers<Outcome>();
    bus.subscribe(s.events, EventMsg, (ev) => {
      const path = typeof ev.data?.path === "string" ? ev.data.path : undefined;
      if (ev.type === EventType.episodeStarted) {
        episodePath = path;
        watch.setRecording(true);
      } else if (ev.type === EventType.episodeSaved && path) {
        watch.setRecording(false);
        episode.resolve({ kind: "saved", path, success: ev.data?.success !== false });
      } else if (ev.type === EventType.episodeDiscarded) {
        episode.resolve({ kind: "discarded" });
      }
    });
    bus.subscribe(s.controlStatus, ControlStatusMsg, (v) => watch.control(v));
    bus.subscribe(s.robotState, RobotStateMsg, (v) => watch.robotState(v));
    bus.subscribe(s.healthAll, HealthMsg, (h) => watch.health(h));
    let cameras: CameraFigures[] | undefined;
    bus.subscribe(s.health("camera"), HealthMsg, (h) => {
      const list = (h.detail as { cameras?: CameraFigures[] } | undefined)?.cameras;
      if (Array.isArray(list)) cameras = list;
    });
    let cube: CubeFigures | undefined;
    bus.subscribe(s.simScene, SceneStateMsg, (scene) => {
      const c = scene.objects.find((o) => o.id === "cube");
      if (!c) return;
      cube = {
        start: cube?.start ?? c.pose.position,
        end: c.pose.position,
        grasped: (cube?.grasped ?? false) || c.grasped,
      };
    });

    const env = {
      ...DEMO_ENV,
      NATS_URL: nats.url,
      ...(values.performance ? { PERFORMANCE: "1" } : {}),
    };
    await bundleServices(START_ORDER);
    const services = START_ORDER.map((name) =>
      group.start(serviceSpec(name, serviceBundle(name), env)),
    );
    const dashboard = values["no-dashboard"]
      ? undefined
      : group.start({
          name: "dashboard",
          cmd: ["bun", CLI_MAIN, "dashboard"],
          cwd: REPO_ROOT,
          env,
        });
    say(`teleop demo: nats-server at ${nats.url}; starting ${START_ORDER.join(", ")}`);
    await Promise.all(services.map((c) => c.waitForLine(/\bready\b/, READY_TIMEOUT_MS)));
    if (dashboard) {
      const url = await dashboard
        .waitForLine(/\bready\b/, READY_TIMEOUT_MS)
        .then((l) => l.match(/url=(\S+)/)?.[1])
        .catch(() => undefined);
      say(url ? `dashboard: ${url}` : `dashboard did not start: ${dashboard.lines.at(-1) ?? ""}`);
    }
    say(
      `stack ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: the scripted operator presses A (record), picks and places, presses B (save as success)`,
    );

    const tty = process.stdout.isTTY === true;
    let lastPrinted = 0;
    progress = setInterval(() => {
      if (!bus || episodePath === undefined) return;
      void bus
        .request(s.recorderStatus, {}, RecorderReplyMsg, 400)
        .then((r) => {
          if (!r.recording) return;
          const line = formatProgress({
            frames: r.frames ?? null,
            elapsedS: r.durationS ?? null,
            controlHz: watch.latestControl?.hz,
            mode: watch.latestControl?.mode,
            rttMs: watch.latestRttMs,
          });
          if (tty) process.stdout.write(`\r\x1b[2K${line}`);
          else if (Date.now() - lastPrinted >= 2000) {
            lastPrinted = Date.now();
            say(line);
          }
        })
        .catch(() => undefined);
    }, PROGRESS_MS);

    const outcome = await Promise.race<Outcome>([
      episode.promise,
      signal,
      Bun.sleep(timeoutS * 1000).then((): Outcome => ({ kind: "timeout" })),
      ...services.map((c) => c.exited.then((code): Outcome => ({ kind: "exit", child: c, code }))),
    ]);
    clearInterval(progress);
    if (tty) process.stdout.write("\r\x1b[2K");

    switch (outcome.kind) {
      case "signal":
        say("teleop demo: interrupted");
        return 130;
      case "timeout":
        say(
          `teleop demo: FAILED: no episode was saved within ${timeoutS} s (${
            episodePath ? `one started: ${episodePath}` : "none even started"
          }). Run with --verbose to see the services' logs.`,
        );
        return 1;
      case "discarded":
        say("teleop demo: FAILED: the episode was discarded instead of saved");
        return 1;
      case "exit":
        say(
          `teleop demo: FAILED: ${outcome.child.name} exited with code ${outcome.code}; its last lines:\n  ${outcome.child.lines.slice(-12).join("\n  ")}`,
        );
        return 1;
      case "saved":
        break;
    }

    const file = resolve(REPO_ROOT, outcome.path);
    const report = await verifyFile(file);
    if (values.verbose) say(formatReport(report));
    say(
      formatSummary({
        file: {
          path: outcome.path,
          valid: report.valid,
          frames: report.frames,
          durationS: report.durationS,
          dropped: report.dropped,
          errors: report.errors,
        },
        recorderLoopHz: watch.loopHz("recorder", "record"),
        controllerLoopHz: watch.loopHz("controller", "control"),
        control: watch.controlFigures(),
        rtt: watch.rttFigures(),
        cube,
        cameras,
        totalS: (Date.now() - startedAt) / 1000,
      }),
    );
    if (!outcome.success) say("note: the recorder saved the episode as a failure");
    if (!report.valid || !outcome.success) return 1;
    // H.264 keeps the demo quick; `teleop export lerobot` defaults to LeRobot's AV1.
    const dataset = await exportLerobot({
      inputs: [file],
      out: join(dirname(dirname(file)), "lerobot", basename(file, ".mcap")),
      vcodec: "h264",
    });
    say(
      `LeRobot dataset: ${dataset.out} (${formatBytes(dataset.sizeBytes)}, ${dataset.totalFrames} frames at ${dataset.fps} fps)`,
    );
    return 0;
  } finally {
    if (progress) clearInterval(progress);
    await bus?.close();
    await group.stopAll(4500);
    nats?.cleanup();
  }
}
