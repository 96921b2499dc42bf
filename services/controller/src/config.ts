/** The controller's options (environment variable or flag); the README's configuration table lists them. */
import {
  bool,
  type ConfigOf,
  leftControllerSpec,
  num,
  numList,
  oneOf,
} from "@teleop/shared/config";
import {
  COMMAND_DEADLINE_INTERVALS,
  type ControlGains,
  DEFAULT_GAINS,
  PERFORMANCE_GAINS,
  PHASE_LOCK_MS,
  SEED_COORD_TRANSFORM,
  VR_TIMEOUT_MS,
} from "@teleop/shared/control";
import { FOLLOW_MAX_JUMP_M } from "@teleop/shared/vrChecks";
import type { CoreOptions } from "./ControllerCore";
import { ORIENTATION_MODES } from "./controlLaw";

export const controllerSpecs = {
  performance: bool({
    env: "PERFORMANCE",
    default: false,
    help: "40 Hz with gains 10 / 3 and deltas 0.05 m / 0.1 rad (the seed's --performance)",
  }),
  controlHz: num({
    env: "CONTROL_HZ",
    default: 0,
    min: 0,
    max: 1000,
    help: "control loop rate override in Hz; 0 = 20, or 40 with PERFORMANCE",
  }),
  coordTransform: numList({
    env: "COORD_TRANSFORM",
    default: [...SEED_COORD_TRANSFORM],
    length: 4,
    integer: true,
    help: "position reorder vector (DROID's is -2 -1 -3 4)",
  }),
  leftController: leftControllerSpec,
  orientationMode: oneOf({
    env: "ORIENTATION_MODE",
    default: "base",
    values: ORIENTATION_MODES,
    help: "target orientation: base (the hand's turn applied about the same base axis), tool (the seed's, applied in the tool frame) or delta (DROID's rot_vel x max_rot_delta)",
  }),
  rotationMode: oneOf({
    env: "ROTATION_MODE",
    default: "droid",
    values: ["droid", "labelbox"],
    help: "controller rotation: droid (through G and the reorder matrix) or the seed's labelbox remap",
  }),
  deadZoneM: num({
    env: "DEAD_ZONE_M",
    default: 0,
    min: 0,
    max: 0.01,
    help: "per-axis dead zone per tick in metres (the seed used 0.0005); 0 = off",
  }),
  vrTimeoutMs: num({
    env: "VR_TIMEOUT_MS",
    default: VR_TIMEOUT_MS,
    min: 1,
    max: 10_000,
    help: "no VR message for this long releases the clutch",
  }),
  phaseLockMs: num({
    env: "PHASE_LOCK_MS",
    default: PHASE_LOCK_MS,
    min: 0,
    max: 10,
    help: "move the control ticks to this long after a VR sample's arrival, so the samples they use are as young as the two rates allow; 0 = off",
  }),
  deadlineIntervals: num({
    env: "DEADLINE_INTERVALS",
    default: COMMAND_DEADLINE_INTERVALS,
    min: 0.5,
    max: 100,
    help: "a command expires this many control intervals after it is made",
  }),
  maxJumpM: num({
    env: "MAX_JUMP_M",
    default: FOLLOW_MAX_JUMP_M,
    min: 0.001,
    max: 10,
    help: "a controller position change beyond this in one sample is rejected",
  }),
  leaseTimeoutMs: num({
    env: "LEASE_TIMEOUT_MS",
    default: 0,
    min: 0,
    max: 10_000,
    help: "hot standby: a standby takes over once the active has sent no command (nor renewed the lease) for this long; 0 = 2 control intervals, at least 50 ms",
  }),
  resetOnCalibrate: bool({
    env: "RESET_ON_CALIBRATE",
    default: true,
    help: "send the arm home after a calibration (--no-reset-on-calibrate to turn off)",
  }),
};

export type ControllerConfig = ConfigOf<typeof controllerSpecs>;

/** The core's options from the configuration; the caller adds identity, counters and log. */
export function coreOptions(
  c: ControllerConfig,
  rest: Pick<CoreOptions, "instance" | "counters" | "log">,
): CoreOptions {
  return {
    gains: gainsFor(c.performance, c.controlHz),
    coordTransform: c.coordTransform,
    hand: c.leftController ? "left" : "right",
    orientationMode: c.orientationMode,
    rotationMode: c.rotationMode,
    deadZoneM: c.deadZoneM,
    vrTimeoutMs: c.vrTimeoutMs,
    maxJumpM: c.maxJumpM,
    deadlineIntervals: c.deadlineIntervals,
    resetOnCalibrate: c.resetOnCalibrate,
    ...rest,
  };
}

export function gainsFor(performance: boolean, controlHz: number): ControlGains {
  const gains = performance ? PERFORMANCE_GAINS : DEFAULT_GAINS;
  return controlHz > 0 ? { ...gains, hz: controlHz } : gains;
}
