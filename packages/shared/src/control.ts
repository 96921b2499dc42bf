/**
 * The control law's numbers (REFERENCE section 4) and the system's rates:
 * written once here and imported by the controller, the benchmark's baseline
 * and the tests.
 */

export interface ControlGains {
  hz: number;
  posGain: number;
  rotGain: number;
  gripperGain: number;
  maxLinDelta: number;
  maxRotDelta: number;
  maxGripperDelta: number;
  maxLinVel: number;
  maxRotVel: number;
  maxGripperVel: number;
  spatialCoeff: number;
}

export const DEFAULT_GAINS: ControlGains = {
  hz: 20,
  posGain: 5,
  rotGain: 2,
  gripperGain: 3,
  maxLinDelta: 0.075,
  maxRotDelta: 0.15,
  maxGripperDelta: 0.25,
  maxLinVel: 1,
  maxRotVel: 1,
  maxGripperVel: 1,
  spatialCoeff: 1,
};

/** `--performance`: 40 Hz, gains 10 / 3, deltas 0.05 m / 0.1 rad. */
export const PERFORMANCE_GAINS: ControlGains = {
  ...DEFAULT_GAINS,
  hz: 40,
  posGain: 10,
  rotGain: 3,
  maxLinDelta: 0.05,
  maxRotDelta: 0.1,
};

/** Workspace box for the commanded target position, robot base frame, metres. */
export const WORKSPACE = {
  min: [0.2, -0.4, 0.05] as const,
  max: [0.75, 0.4, 0.7] as const,
};

/** Position reorder vectors: the replaced server's default and DROID's. */
export const SEED_COORD_TRANSFORM = [-3, -1, 2, 4] as const;
export const DROID_COORD_TRANSFORM = [-2, -1, -3, 4] as const;

/** Trigger above this closes the gripper. */
export const GRIPPER_TRIGGER_THRESHOLD = 0.1;

/** Robot state older than this many control intervals switches to predictive mode. */
export const PREDICTIVE_AFTER_INTERVALS = 2;

/** Commands expire this many control intervals after they are made. */
export const COMMAND_DEADLINE_INTERVALS = 2;

/** No VR message for this long releases the clutch. */
export const VR_TIMEOUT_MS = 100;

/**
 * The controller holds its ticks this long after a VR sample's arrival (the
 * youngest sample a tick uses): long enough that a late arrival seldom misses
 * its tick, short enough that the oldest is as young as the rates allow.
 */
export const PHASE_LOCK_MS = 0.5;

/** Forward-direction calibration: the controller must move further than this. */
export const FORWARD_CALIBRATION_MIN_MOVE_M = 0.003;

/** Reset pose position used without a robot (the seed's --debug). */
export const DEBUG_RESET_POSITION = [0.4, 0, 0.3] as const;

export const RECORD_HZ = 40;
export const SIM_VR_HZ = 50;
/** The seed's robot server: three 50 ms OSC steps per command. */
export const SEED_ROBOT_STEPS = 3;
export const SEED_ROBOT_STEP_MS = 50;

/** The target sits on a face of the workspace box (the control law clipped it there). */
export function atWorkspaceEdge(p: readonly number[], epsM = 1e-6): boolean {
  return [0, 1, 2].some(
    (i) => Math.abs(p[i]! - WORKSPACE.min[i]!) < epsM || Math.abs(p[i]! - WORKSPACE.max[i]!) < epsM,
  );
}
