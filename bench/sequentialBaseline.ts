/**
 * The sequential baseline: one loop that reads the scripted operator, runs
 * the controller's own core (the same control law), waits for a round trip
 * on the same simulated arm, and records the same records through the
 * recorder's own episode writer, one step after the other, as a single-loop
 * teleoperation server would. Each service's defaults come from its own
 * config specs, so nothing is retyped here.
 */

import { ControllerCore } from "@teleop/controller/ControllerCore";
import { controllerSpecs, coreOptions } from "@teleop/controller/config";
import { recorderSpecs } from "@teleop/recorder/config";
import { Episodes } from "@teleop/recorder/Episodes";
import { sampleTick } from "@teleop/recorder/sample";
import { simBackend } from "@teleop/robot-bridge/backends/sim";
import { now } from "@teleop/shared/clock";
import { loadConfig } from "@teleop/shared/config";
import { createLogger } from "@teleop/shared/log";
import type { RobotState, VrState } from "@teleop/shared/messages";
import { Counters, type Summary, summarize } from "@teleop/shared/stats";
import { frameLimits, ingestSpecs } from "@teleop/vr-ingest/config";
import { simSource } from "@teleop/vr-ingest/sources/sim";
import { loadScenario } from "@teleop/vr-ingest/sources/sim/loadScenario";
import { Operator } from "@teleop/vr-ingest/sources/sim/Operator";
import { compileScenario } from "@teleop/vr-ingest/sources/sim/scenario";
import { validateFrame } from "@teleop/vr-ingest/validateFrame";

export interface BaselineOptions {
  seconds: number;
  scenarioPath: string;
  /** The robot-bridge sim backend's variables (SIM_STEP_MS, SIM_FAULT, ...). */
  simEnv: Record<string, string>;
  recordingsDir: string;
}

export interface BaselineResult {
  iterations: number;
  durationMs: number;
  /** The saved MCAP file. */
  path: string;
  frames: number;
  robotErrors: number;
  /** Time per loop step, ms. */
  steps: { readVr: Summary; control: Summary; robot: Summary; record: Summary; loop: Summary };
}

export async function runBaseline(o: BaselineOptions): Promise<BaselineResult> {
  const log = createLogger("baseline", "warn");
  const none = { argv: [] as string[], env: {} };
  const op = loadConfig(simSource.specs, none);
  const operator = new Operator(compileScenario(loadScenario(o.scenarioPath), true), {
    seed: op.simSeed,
    tremorM: op.simTremorMm / 1000,
    loop: true,
  });
  const limits = frameLimits(loadConfig(ingestSpecs, none));

  const cc = loadConfig(controllerSpecs, { argv: [], env: { PERFORMANCE: "1" } });
  const options = coreOptions(cc, { instance: "baseline", counters: new Counters(), log });
  const core = new ControllerCore(options);

  const backend = simBackend.create(loadConfig(simBackend.specs, { argv: [], env: o.simEnv }), {
    log,
  });
  await backend.connect();

  const rc = loadConfig(recorderSpecs, none);
  const episodes = new Episodes({
    dir: o.recordingsDir,
    chunkSeconds: rc.chunkSeconds,
    bufferSize: rc.bufferSize,
    recordingMetadata: { recorder: "bench sequential baseline" },
    targetHz: rc.recordHz,
    defaults: { task: rc.task, operator: rc.operator },
    log,
    event: () => undefined,
    onWriteError: (err) => log.error("baseline recording failed", { error: err }),
    onDrop: () => undefined,
  });

  const steps = { readVr: [], control: [], robot: [], record: [], loop: [] } as Record<
    keyof BaselineResult["steps"],
    number[]
  >;
  let vr: VrState | undefined;
  let robot: RobotState | undefined;
  let vrSeq = 0;
  let robotSeq = 0;
  let iterations = 0;
  let robotErrors = 0;

  await episodes.start();
  const t0 = now();
  while (now() - t0 < o.seconds * 1000) {
    const a = now();
    const s = operator.sample((a - t0) / 1000);
    const v = validateFrame(
      { t: a, right: s.right, left: s.left },
      vr,
      { seq: vrSeq, t: a, source: "sim" },
      limits,
    );
    if (v.ok) {
      vr = v.state;
      vrSeq++;
      core.offerVr(v.state, now());
    }
    const b = now();
    const { command, status } = core.tick(b, iterations > 0 ? (iterations * 1000) / (b - t0) : 0);
    const c = now();
    try {
      const st = command.reset ? await backend.reset() : await backend.apply(command);
      robot = {
        v: 1,
        seq: robotSeq++,
        t: st.t,
        pose: st.pose,
        gripper: st.gripper,
        joints: st.joints,
        commandSeq: command.seq,
        rttMs: now() - c,
        backend: backend.name,
      };
      core.offerRobot(robot, now());
    } catch {
      robotErrors++;
    }
    const d = now();
    episodes.record(sampleTick({ vr, command, robot, status }, d, rc.maxStaleMs));
    const e = now();
    steps.readVr.push(b - a);
    steps.control.push(c - b);
    steps.robot.push(d - c);
    steps.record.push(e - d);
    steps.loop.push(e - a);
    iterations++;
  }
  const durationMs = now() - t0;
  const reply = await episodes.save(true);
  await backend.close();
  if (!reply.ok || !reply.path) throw new Error(`baseline recording not saved: ${reply.error}`);
  return {
    iterations,
    durationMs,
    path: reply.path,
    frames: reply.frames ?? 0,
    robotErrors,
    steps: {
      readVr: summarize(steps.readVr),
      control: summarize(steps.control),
      robot: summarize(steps.robot),
      record: summarize(steps.record),
      loop: summarize(steps.loop),
    },
  };
}
