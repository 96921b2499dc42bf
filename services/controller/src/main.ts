/**
 * The controller: keep-latest VR and robot state in, the DROID control law
 * at the control rate, a RobotCommand and a ControlStatus out every tick.
 * Several may run (hot standby): only the holder of the lease publishes.
 * Wiring only; the logic is in ControllerCore, ControllerPolicy and ControllerLease.
 */
import type { Subscription } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { LeaseWatch } from "@teleop/shared/LeaseWatch";
import { leaseTimeoutMs } from "@teleop/shared/lease";
import { FixedRateLoop } from "@teleop/shared/loop";
import {
  type CalibrateReply,
  CalibrateRequestMsg,
  EventMsg,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import { startService } from "@teleop/shared/service";
import { CalibrationStore } from "./CalibrationStore";
import { ControllerCore } from "./ControllerCore";
import { ControllerLease } from "./ControllerLease";
import { ControllerPolicy } from "./ControllerPolicy";
import { controllerSpecs, coreOptions } from "./config";
import { PhaseLock } from "./PhaseLock";

const ctx = await startService("controller", controllerSpecs);
const { config, log, bus, counters, health } = ctx;
const options = coreOptions(config, { instance: config.instance, counters, log });
const { gains, hand } = options;

let core: ControllerCore;
try {
  core = new ControllerCore(options);
} catch (err) {
  log.error(`configuration error: COORD_TRANSFORM ${(err as Error).message}`);
  await bus.close();
  process.exit(2);
}

let store: CalibrationStore | undefined;
try {
  store = await CalibrationStore.open(bus, hand);
  const loaded = await store.load();
  if (loaded.found && "record" in loaded) {
    const refused = core.loadCalibration(loaded.record);
    if (refused) log.warn(`stored calibration not used: ${refused}`);
    else log.info("calibration loaded", { bucket: store.bucket, how: loaded.record.how });
  } else if (loaded.found) {
    counters.inc("kvErrors");
    log.warn(`stored calibration unreadable, ignored: ${loaded.error}`);
  }
} catch (err) {
  store = undefined;
  log.warn(
    "calibration KV unavailable (is JetStream on?); calibration will not survive a restart",
    {
      error: err,
    },
  );
}

let leaseWatch: LeaseWatch | undefined;
try {
  leaseWatch = await LeaseWatch.open(bus);
} catch (err) {
  log.warn(
    "controller lease KV unavailable (is JetStream on?): this instance drives without a hot standby; run only one controller",
    { error: err },
  );
}
const timeoutMs = config.leaseTimeoutMs || leaseTimeoutMs(gains.hz);

const policy = new ControllerPolicy({
  core,
  store,
  lease: (): ControllerLease => lease,
  publish: (command, status, events) => {
    bus.publish(bus.subjects.robotCommand, command);
    bus.publish(bus.subjects.controlStatus, status);
    for (const e of events) bus.event(e.type, e.data);
  },
  clock: now,
  counters,
  log,
});
const controlTick = (): Promise<void> => policy.tick(loop.achievedHz());

const lease = new ControllerLease(leaseWatch, {
  instance: config.instance,
  timeoutMs,
  counters,
  log,
  connected: () => bus.connected,
  prepare: (): Promise<void> => policy.prepareTakeover(),
  onActive: () => {
    hearHolder(false);
    counters.inc("takeovers");
    log.info("active: this instance drives the arm", {
      calibrated: core.calibration.calibrated,
    });
    bus.event(EventType.roleChanged, { instance: config.instance, role: "active" });
    void controlTick();
  },
  onLost: (holder) => {
    hearHolder(true);
    log.warn("standby: another instance holds the lease", { holder: holder ?? null });
    bus.event(EventType.roleChanged, { instance: config.instance, role: "standby", holder });
  },
});

// Off, the ticks keep the phase they started with, whatever the VR stream's.
const phaseLock =
  config.phaseLockMs > 0
    ? new PhaseLock({ targetMs: config.phaseLockMs, maxAgeMs: config.vrTimeoutMs })
    : undefined;
const vr = bus.latest(bus.subjects.vrState, VrStateMsg);
vr.onUpdate((v) => {
  const at = vr.receivedAt ?? now();
  phaseLock?.arrival(at);
  core.offerVr(v, at);
});
vr.onReject((r) => core.rejectInput("vr", r.kind, r.reason));
const robot = bus.latest(bus.subjects.robotState, RobotStateMsg);
robot.onUpdate((s) => core.offerRobot(s, robot.receivedAt ?? now()));
robot.onReject((r) => core.rejectInput("robot", r.kind, r.reason));
// The holder's commands are its heartbeat: a standby listens for them; the active need not hear its own.
let heartbeats: Subscription | undefined;
const hearHolder = (on: boolean): void => {
  if (on && leaseWatch && !heartbeats) {
    const watch = leaseWatch;
    heartbeats = bus.subscribe(bus.subjects.robotCommand, RobotCommandMsg, (cmd) =>
      watch.heard(cmd.instance, now()),
    );
  } else if (!on && heartbeats) {
    heartbeats.unsubscribe();
    heartbeats = undefined;
  }
};
bus.subscribe(bus.subjects.events, EventMsg, (ev) => {
  if (ev.type === EventType.referenceSpaceReset) core.referenceReset();
  else if (ev.type === EventType.resetStarted) core.resetStarted(now());
  else if (ev.type === EventType.resetDone) core.resetDone();
});
bus.serve(
  bus.subjects.controlCalibrate,
  CalibrateRequestMsg,
  async (): Promise<CalibrateReply> => {
    core.clearCalibration();
    await policy.persist(core.takeCalibrationChange());
    log.info("calibration cleared on request");
    return { ok: true };
  },
  (reason): CalibrateReply => ({ ok: false, error: reason }),
);

const loop = new FixedRateLoop({
  name: "control",
  hz: gains.hz,
  onTick: (tick) => {
    if (phaseLock) loop.shift(phaseLock.tick(vr.sinceReceived(tick.now)));
    return controlTick();
  },
  onError: (err) => {
    counters.inc("tickErrors");
    log.error("control tick failed", { error: err });
  },
});
health.addLoop("control", loop);
health.setProbe(() => ({
  status: store && lease.leased && !lease.failing ? "ok" : "degraded",
  detail: {
    role: lease.role,
    lease: leaseWatch ? leaseWatch.current : { state: "off" },
    leaseTimeoutMs: lease.leased ? timeoutMs : null,
    leaseAgeMs: lease.aliveAgeMs(),
    leaseFailing: lease.failing,
    mode: policy.lastStatus?.mode ?? "idle",
    movement: policy.lastStatus?.movement ?? false,
    calibrated: core.calibration.calibrated,
    hz: loop.achievedHz(),
    controlHz: gains.hz,
    hand,
    orientationMode: config.orientationMode,
    rotationMode: config.rotationMode,
    coordTransform: config.coordTransform,
    calibrationStore: store ? store.bucket : "none",
    vrInput: vr.counters,
    phaseLock: phaseLock?.report() ?? null,
    robotInput: robot.counters,
  },
}));
ctx.onShutdown(() => leaseWatch?.stop());
ctx.onShutdown(() => lease.release());
ctx.onShutdown(() => loop.stop());
hearHolder(true);
await lease.start();
loop.start();

await ctx.ready({
  hz: gains.hz,
  hand,
  coordTransform: config.coordTransform.join(" "),
  orientationMode: config.orientationMode,
  calibrated: core.calibration.calibrated,
  role: lease.role,
  lease: leaseWatch ? leaseWatch.bucket : "off",
  phaseLockMs: config.phaseLockMs,
});
