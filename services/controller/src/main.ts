/**
 * The controller: keep-latest VR and robot state in, the DROID control law
 * at the control rate, a RobotCommand and a ControlStatus out every tick.
 * Several may run (hot standby): only the holder of the lease publishes.
 * Wiring only; the logic is in ControllerCore and ControllerLease.
 */
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { LeaseWatch } from "@teleop/shared/LeaseWatch";
import { leaseTimeoutMs } from "@teleop/shared/lease";
import { FixedRateLoop } from "@teleop/shared/loop";
import {
  type CalibrateReply,
  CalibrateRequestMsg,
  type ControlStatus,
  EventMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import { startService } from "@teleop/shared/service";
import { CalibrationStore } from "./CalibrationStore";
import { ControllerCore } from "./ControllerCore";
import { ControllerLease } from "./ControllerLease";
import type { CalibrationRecord } from "./calibrationRecord";
import { controllerSpecs, gainsFor } from "./config";

const ctx = await startService("controller", controllerSpecs);
const { config, log, bus, counters, health } = ctx;
const gains = gainsFor(config.performance, config.controlHz);
const hand = config.leftController ? "left" : "right";

let core: ControllerCore;
try {
  core = new ControllerCore({
    gains,
    hz: gains.hz,
    coordTransform: config.coordTransform,
    hand,
    orientationMode: config.orientationMode,
    rotationMode: config.rotationMode,
    deadZoneM: config.deadZoneM,
    vrTimeoutMs: config.vrTimeoutMs,
    maxJumpM: config.maxJumpM,
    deadlineIntervals: config.deadlineIntervals,
    resetOnCalibrate: config.resetOnCalibrate,
    instance: config.instance,
    counters,
    log,
  });
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

/** Taking over: the calibration the last active stored, new origins, nothing of our own standby state. */
async function prepareTakeover(): Promise<void> {
  let stored: CalibrationRecord | undefined;
  try {
    const loaded = store ? await store.load() : { found: false as const };
    if (loaded.found && !("record" in loaded)) throw new Error(loaded.error);
    stored = loaded.found ? loaded.record : undefined;
  } catch (err) {
    counters.inc("kvErrors");
    log.warn("takeover: stored calibration unreadable; keeping this instance's", { error: err });
    core.takeOver(core.calibration.record);
    return;
  }
  const refused = core.takeOver(stored);
  if (refused) log.warn(`takeover: stored calibration not used: ${refused}`);
}

const lease = new ControllerLease(leaseWatch, {
  instance: config.instance,
  timeoutMs,
  counters,
  log,
  prepare: prepareTakeover,
  onActive: () => {
    counters.inc("takeovers");
    log.info("active: this instance drives the arm", {
      calibrated: core.calibration.calibrated,
    });
    bus.event(EventType.roleChanged, { instance: config.instance, role: "active" });
    void controlTick();
  },
  onLost: (holder) => {
    log.warn("standby: another instance holds the lease", { holder: holder ?? null });
    bus.event(EventType.roleChanged, { instance: config.instance, role: "standby", holder });
  },
});

function persist(change: { record: CalibrationRecord | null } | undefined): Promise<void> {
  // A standby's own gestures are not stored: the active's calibration is the one that counts.
  if (!change || !store || lease.role !== "active") return Promise.resolve();
  return store.save(change.record);
}

const vr = bus.latest(bus.subjects.vrState, VrStateMsg);
vr.onUpdate((v) => core.offerVr(v, vr.receivedAt ?? now()));
vr.onReject((r) => core.rejectInput("vr", r.kind, r.reason));
const robot = bus.latest(bus.subjects.robotState, RobotStateMsg);
robot.onUpdate((s) => core.offerRobot(s, robot.receivedAt ?? now()));
robot.onReject((r) => core.rejectInput("robot", r.kind, r.reason));
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
    await persist(core.takeCalibrationChange());
    log.info("calibration cleared on request");
    return { ok: true };
  },
  (reason): CalibrateReply => ({ ok: false, error: reason }),
);

let lastStatus: ControlStatus | undefined;

/** One control step; every instance computes it (a standby stays current), only the holder publishes. */
async function controlTick(): Promise<void> {
  const renewal = lease.renew(now());
  if (!lease.mayPublish()) await renewal;
  const t = now();
  const { command, status } = core.tick(t, loop.achievedHz());
  const events = core.takeEvents();
  lastStatus = status;
  if (lease.mayPublish(t)) {
    bus.publish(bus.subjects.robotCommand, command);
    bus.publish(bus.subjects.controlStatus, status);
    for (const e of events) bus.event(e.type, e.data);
  } else if (lease.role === "active") counters.inc("ticksWithoutLease");
  persist(core.takeCalibrationChange()).catch((err: unknown) => {
    counters.inc("kvErrors");
    log.warn("could not store the calibration", { error: err });
  });
}

const loop = new FixedRateLoop({
  name: "control",
  hz: gains.hz,
  onTick: controlTick,
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
    leaseAgeMs: lease.confirmedAgeMs(),
    leaseFailing: lease.failing,
    mode: lastStatus?.mode ?? "idle",
    movement: lastStatus?.movement ?? false,
    calibrated: core.calibration.calibrated,
    hz: loop.achievedHz(),
    controlHz: gains.hz,
    hand,
    orientationMode: config.orientationMode,
    rotationMode: config.rotationMode,
    coordTransform: config.coordTransform,
    calibrationStore: store ? store.bucket : "none",
    vrInput: vr.counters,
    robotInput: robot.counters,
  },
}));
ctx.onShutdown(() => leaseWatch?.stop());
ctx.onShutdown(() => lease.release());
ctx.onShutdown(() => loop.stop());
await lease.start();
loop.start();

log.info("ready", {
  hz: gains.hz,
  hand,
  coordTransform: config.coordTransform.join(" "),
  orientationMode: config.orientationMode,
  calibrated: core.calibration.calibrated,
  role: lease.role,
  lease: leaseWatch ? leaseWatch.bucket : "off",
});
