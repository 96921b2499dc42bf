/** robot-bridge: teleop.robot.command -> robot backend -> teleop.robot.state. */
import { num, oneOf } from "@teleop/shared/config";
import { Latest } from "@teleop/shared/Latest";
import { RobotCommandMsg } from "@teleop/shared/messages";
import { startService } from "@teleop/shared/service";
import { BACKEND_NAMES, BACKENDS, backendSpecs } from "./backends/registry";
import { CommWorker } from "./CommWorker";
import { acceptCommand } from "./commandAcceptance";
import { LeaseGate } from "./LeaseGate";

const specs = {
  backend: oneOf({
    env: "ROBOT_BACKEND",
    flag: "--backend",
    default: "sim",
    values: BACKEND_NAMES,
    help: "robot backend",
  }),
  statePollHz: num({
    env: "STATE_POLL_HZ",
    default: 10,
    min: 0.1,
    max: 1000,
    help: "state polling rate while no command is being applied, Hz",
  }),
  robotTimeoutMs: num({
    env: "ROBOT_TIMEOUT_MS",
    default: 1000,
    min: 10,
    max: 60_000,
    help: "longest wait for the backend to connect, apply a command or read the state, ms",
  }),
  robotResetTimeoutMs: num({
    env: "ROBOT_RESET_TIMEOUT_MS",
    default: 15_000,
    min: 100,
    max: 120_000,
    help: "longest wait for the home procedure, ms",
  }),
  ...backendSpecs,
};

const ctx = await startService("robot-bridge", specs);
const { config, bus, counters, log } = ctx;

const backend = BACKENDS[config.backend].create(config, {
  log,
  publishScene: (scene) => bus.publish(bus.subjects.simScene, scene),
});
const gate = await LeaseGate.open(bus, counters, log);
const commands = new Latest(bus.subjects.robotCommand, RobotCommandMsg);
bus.subscribe(
  bus.subjects.robotCommand,
  RobotCommandMsg,
  (cmd) => {
    if (gate.admit(cmd)) commands.accept(cmd);
  },
  () => counters.inc("commandsRejected"),
);

const worker = new CommWorker({
  backend,
  commands,
  accept: acceptCommand,
  publish: (state) => bus.publish(bus.subjects.robotState, state),
  event: (type, data) => bus.event(type, data),
  counters,
  log,
  pollHz: config.statePollHz,
  timeoutMs: config.robotTimeoutMs,
  resetTimeoutMs: config.robotResetTimeoutMs,
});
ctx.health.addLoop("comm", worker);
ctx.health.setProbe(() => {
  const p = worker.probe();
  return { ...p, detail: { ...p.detail, lease: gate.view } };
});
ctx.onShutdown(() => gate.stop());
ctx.onShutdown(() => worker.stop());
await bus.flush();
worker.start();

log.info("ready", {
  backend: backend.name,
  statePollHz: config.statePollHz,
  timeoutMs: config.robotTimeoutMs,
  command: bus.subjects.robotCommand,
  state: bus.subjects.robotState,
  lease: gate.view.state,
});
