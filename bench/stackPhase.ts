/**
 * The stack under measurement: nats-server and the four services as their
 * own processes, a recorder episode started and saved through the request
 * API, and everything observed from outside (bus tap, hop probe, /proc, the
 * written MCAP).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { PERFORMANCE_GAINS, RECORD_HZ, SIM_VR_HZ } from "@teleop/shared/control";
import type { LoopReport } from "@teleop/shared/loop";
import { type Health, RecorderReplyMsg } from "@teleop/shared/messages";
import { applyRealtime, parseRealtime } from "@teleop/shared/realtime";
import { testBus } from "../test/support/bus";
import { NatsServer } from "../test/support/natsServer";
import { ServiceProcess } from "../test/support/serviceProcess";
import { BusTap } from "./BusTap";
import { BENCH_CAMERAS, type CameraFigures, CameraRig } from "./CameraRig";
import {
  type ControlFigures,
  controlFigures,
  type HopFigures,
  hopFigures,
  type RecordingFigures,
  type RobotFigures,
  recordingFigures,
  robotFigures,
  type VrToCommandSplit,
  vrFigures,
  vrToCommand,
  vrToCommandSplit,
} from "./figures";
import { HopProbe } from "./HopProbe";
import { readFrames } from "./mcapFrames";
import { type ProcCost, ProcMonitor } from "./ProcMonitor";
import type { PeriodStats } from "./periods";
import { coresBusy as coresBusyBetween, readMachineCpu } from "./procStats";
import { Rig, SERVICES } from "./Rig";
import { ViewerStall, type ViewerStallFigures } from "./ViewerStall";

export interface StackOptions {
  seconds: number;
  scenarioPath: string;
  robotEnv: Record<string, string>;
  recordingsDir: string;
  /** Each service's log is written here after the run. */
  logsDir: string;
  /** Scheduling priority (nice) for the services and nats-server; 0 leaves them as started. */
  nice: number;
  /** REALTIME for the services and nats-server (off, fifo:N, rr:N, nice:N); absent: off. */
  realtime?: string;
  /** Time between the VR source being ready and the episode start (calibration, arm home). */
  warmupS: number;
  /** Also run the Foxglove live view with a camera and a viewer that never reads. */
  stalledViewer: boolean;
  /** Two 640x480 30 fps cameras beside the stack (the cameras scenario). */
  cameras: boolean;
  log: (line: string) => void;
}

export interface StackCost {
  services: Record<string, ProcCost>;
  nats: ProcCost;
  /** The bench's own process (tap and hop probe), for transparency. */
  bench: ProcCost;
  /** The empty 40 Hz loop in its own Bun process beside the stack: one process's floor (absent in results saved before 3 December 2026). */
  floor?: ProcCost;
  /** The four services, % of one core. */
  servicesCpuPercent: number;
  /** The four services from their start to the window (start-up, warm-up, the JIT's first compiles), % of one core (absent in results saved before 4 December 2026). */
  servicesBeforeCpuPercent?: number;
  /** The four services and nats-server, % of one core. */
  stackCpuPercent: number;
  maxServiceRssMb: number;
}

export interface StackResult {
  startupMs: number;
  windowMs: number;
  recording: RecordingFigures;
  control: ControlFigures;
  vr: PeriodStats;
  latency: {
    vrToCommandMs: ReturnType<typeof vrToCommand>;
    vrToCommandSplit: VrToCommandSplit;
    bus: HopFigures;
    pingFailures: number;
  };
  robot: RobotFigures;
  cost: StackCost;
  /** Each service's last health report: its own loop figures and counters, for comparison. */
  health: Record<string, { loops: Health["loops"]; counters: Health["counters"] }>;
  /** An empty 40 Hz loop in its own process beside the stack: what timers and the scheduler alone allow. */
  timerFloor: LoopReport;
  /** How busy the shared machine was in the window, in cores, and how much of that was not this run. */
  machineLoad: { coresBusy: number; othersCoresBusy: number; loadAvg: number[] };
  exitCodes: Record<string, number>;
  /** viewer-stall only: what the live view kept back from the stalled viewer, and its own cost. */
  viewer: ViewerStallFigures | null;
  /** Save of the 30 s episode: the request's round trip, and the recorder's own request-to-final-name time (ms). */
  save: { replyMs: number; finalMs: number };
  /** The cameras scenario: each camera's rate, seq gaps, capture-to-bus latency, published frames against the file, the recorder's figures, and its CPU. */
  cameras?: Record<
    string,
    CameraFigures & { serviceCpuPercent: number; ffmpegCpuPercent: number; cpuPercent: number }
  >;
}

export async function runStack(o: StackOptions): Promise<StackResult> {
  const t0 = now();
  // Camera frames need the project's max_payload.
  const nats = await NatsServer.start(
    o.cameras ? { args: ["-c", join(import.meta.dir, "..", "deploy", "nats-server.conf")] } : {},
  );
  const prefix = "bench";
  let rig: Rig | undefined;
  let cameraRig: CameraRig | undefined;
  let echo: ServiceProcess | undefined;
  let floor: ServiceProcess | undefined;
  let bus: Bus | undefined;
  let stall: ViewerStall | undefined;
  try {
    bus = await testBus(nats.url, "bench", prefix);
    const tap = new BusTap(bus);
    echo = new ServiceProcess({
      script: "bench/echo.ts",
      env: { NATS_URL: nats.url, TELEOP_PREFIX: prefix },
    });
    await echo.waitForLog(/ready/, 15_000);
    o.log("starting the four services");
    rig = await Rig.start({
      natsUrl: nats.url,
      prefix,
      recordingsDir: o.recordingsDir,
      scenarioPath: o.scenarioPath,
      robotEnv: o.robotEnv,
    });
    if (o.cameras) {
      o.log(`starting two cameras: ${BENCH_CAMERAS.join(", ")} (640x480, 30 fps)`);
      cameraRig = await CameraRig.start({ natsUrl: nats.url, prefix, dir: o.recordingsDir, bus });
    }
    const startupMs = now() - t0;
    if (o.stalledViewer) {
      o.log("starting the Foxglove live view, a 30 Hz camera and a viewer that never reads");
      stall = await ViewerStall.start(bus, nats.url, prefix);
    }
    floor = new ServiceProcess({
      script: "bench/timerProbe.ts",
      args: [String(o.seconds), String(o.warmupS)],
    });
    await Bun.sleep(o.warmupS * 1000);

    const pids = Object.fromEntries(SERVICES.map((n) => [n, rig!.pid(n)]));
    if (o.nice !== 0) renice(o.nice, [...Object.values(pids), nats.pid!]);
    const rt = parseRealtime(o.realtime ?? "off");
    for (const pid of [...Object.values(pids), nats.pid!]) {
      const applied = applyRealtime(rt, pid);
      if (!applied.ok) throw new Error(`REALTIME ${o.realtime}: ${applied.detail}`);
    }
    const cameraPids = cameraRig?.pids() ?? {};
    const monitor = new ProcMonitor({
      ...pids,
      ...cameraPids,
      nats: nats.pid!,
      bench: process.pid,
      floor: floor.proc.pid,
    });
    const probe = new HopProbe(bus);
    const started = await bus.request(bus.subjects.recorderStart, {}, RecorderReplyMsg, 5000);
    if (!started.ok) throw new Error(`recorder did not start an episode: ${started.error}`);
    const from = now();
    const cpuFrom = readMachineCpu();
    monitor.start();
    probe.start();
    stall?.startWindow();
    cameraRig?.begin();
    o.log(`recording for ${o.seconds} s into ${started.path}`);
    await Bun.sleep(o.seconds * 1000);
    const to = now();
    await probe.stop();
    cameraRig?.end();
    const costs = monitor.stop();
    const viewer = (await stall?.finish()) ?? null;
    await floor.exited;
    const timerFloor = JSON.parse(floor.log.trim().split("\n").at(-1) ?? "{}") as LoopReport;
    const coresBusy = coresBusyBetween(cpuFrom, readMachineCpu(), cpus().length);
    const saveFrom = now();
    const saved = await bus.request(
      bus.subjects.recorderSave,
      { success: true },
      RecorderReplyMsg,
      10_000,
    );
    if (!saved.ok || !saved.path) throw new Error(`recorder did not save: ${saved.error}`);
    monitor.finalPeaks(costs);
    const save = { replyMs: now() - saveFrom, finalMs: saved.saveMs ?? Number.NaN };
    const health = Object.fromEntries(
      [...tap.health.entries()].map(([name, h]) => [
        name,
        { loops: h.loops, counters: h.counters },
      ]),
    );
    const cameraTallies = cameraRig;
    await bus.close();
    bus = undefined;
    const exitCodes = { ...(await rig.stop()), ...(await cameraRig?.stop()) };
    mkdirSync(o.logsDir, { recursive: true });
    for (const n of SERVICES) writeFileSync(join(o.logsDir, `${n}.log`), rig.log(n));
    for (const [id, p] of Object.entries(cameraRig?.procs ?? {})) {
      writeFileSync(join(o.logsDir, `camera-${id}.log`), p.log);
    }
    rig = undefined;
    cameraRig = undefined;
    const cameraCost = (id: string) => {
      const sum = (keys: string[]) => keys.reduce((t, k) => t + (costs[k]?.cpuPercent ?? 0), 0);
      const service = sum([`camera-${id}`]);
      const ffmpeg = sum(
        Object.keys(cameraPids).filter((k) => k.startsWith(`camera-${id}-ffmpeg`)),
      );
      return { serviceCpuPercent: service, ffmpegCpuPercent: ffmpeg, cpuPercent: service + ffmpeg };
    };
    const frames = await readFrames(saved.path);
    const cameraFigures = cameraTallies?.figures(frames);
    const cameras = cameraFigures
      ? Object.fromEntries(
          Object.entries(cameraFigures).map(([id, f]) => [id, { ...f, ...cameraCost(id) }]),
        )
      : undefined;
    const w = { from, to };
    const services = Object.fromEntries(SERVICES.map((n) => [n, costs[n]!]));
    const servicesCpu = SERVICES.reduce((s, n) => s + costs[n]!.cpuPercent, 0);
    return {
      startupMs,
      windowMs: to - from,
      recording: recordingFigures(
        frames,
        1000 / RECORD_HZ,
        Number(frames.finalMetadata.dropped ?? 0),
      ),
      control: controlFigures(tap.commands, tap.statuses, w, 1000 / PERFORMANCE_GAINS.hz),
      vr: vrFigures(tap.vr, w, 1000 / SIM_VR_HZ),
      latency: {
        vrToCommandMs: vrToCommand(tap.commands, w),
        vrToCommandSplit: vrToCommandSplit(tap.commands, tap.vrArrival, w),
        bus: hopFigures(probe.samples),
        pingFailures: probe.failures,
      },
      robot: robotFigures(tap.states, w),
      cost: {
        services,
        nats: costs.nats!,
        bench: costs.bench!,
        floor: costs.floor!,
        servicesCpuPercent: servicesCpu,
        servicesBeforeCpuPercent: SERVICES.reduce((s, n) => s + costs[n]!.beforeCpuPercent, 0),
        stackCpuPercent: servicesCpu + costs.nats!.cpuPercent,
        maxServiceRssMb: Math.max(...SERVICES.map((n) => costs[n]!.peakRssMb)),
      },
      health,
      timerFloor,
      machineLoad: {
        coresBusy,
        othersCoresBusy:
          coresBusy - (servicesCpu + costs.nats!.cpuPercent + costs.bench!.cpuPercent) / 100,
        loadAvg: loadavg(),
      },
      exitCodes,
      viewer,
      save,
      cameras,
    };
  } finally {
    await stall?.close();
    await bus?.close();
    await cameraRig?.stop();
    await rig?.stop();
    await echo?.stop();
    await floor?.stop();
    await nats.dispose();
  }
}

/** Set the nice value of processes (the priority experiment); throws with renice's message. */
function renice(value: number, pids: number[]): void {
  const r = Bun.spawnSync(["renice", "-n", String(value), "-p", ...pids.map(String)]);
  if (r.exitCode !== 0) throw new Error(`renice failed: ${r.stderr.toString().trim()}`);
}
