/** robot-bridge: teleop.robot.command -> robot backend -> teleop.robot.state. */
import { HeldReads } from "@teleop/shared/bus";
import { Latest } from "@teleop/shared/Latest";
import { RobotCommandMsg } from "@teleop/shared/messages";
import { startService } from "@teleop/shared/service";
import { backends } from "./backends/registry";
import { CommWorker } from "./CommWorker";
import { acceptCommand } from "./commandAcceptance";
import { bridgeSpecs } from "./config";
import { LeaseGate } from "./LeaseGate";

const reads = new HeldReads();
const ctx = await startService("robot-bridge", bridgeSpecs, { heldReads: reads });
const { config, bus, counters, log } = ctx;

const backend = backends
  .find((b) => b.name === config.backend)!
  .create(config, {
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
  reads,
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

await ctx.ready({
  backend: backend.name,
  statePollHz: config.statePollHz,
  timeoutMs: config.robotTimeoutMs,
  command: bus.subjects.robotCommand,
  state: bus.subjects.robotState,
  lease: gate.view.state,
});
