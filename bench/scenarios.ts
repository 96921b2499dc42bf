/**
 * The bench's robot scenarios as sim-backend settings: the round trip is
 * SIM_STEPS steps of SIM_STEP_MS each (the seed server's 3 x 50 ms), and the
 * stall is the backend's own fault injection (`stall@N:MS` on call N).
 * viewer-stall is rtt150 with the Foxglove live view, a 30 Hz camera and a
 * viewer that never reads.
 */
import { SEED_ROBOT_STEP_MS, SEED_ROBOT_STEPS } from "@teleop/shared/control";

export const SCENARIO_NAMES = ["rtt150", "rtt500", "stall", "viewer-stall", "cameras"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface RobotScenario {
  name: ScenarioName;
  rttMs: number;
  /** How long the robot stops answering, once, mid-run (0: never). */
  stallMs: number;
  /** The Foxglove live view runs with a camera and a viewer that never reads. */
  stalledViewer: boolean;
  /** Two 640x480 30 fps cameras (MJPEG pass-through and the sim renderer) beside the stack. */
  cameras: boolean;
}

const SEED_RTT_MS = SEED_ROBOT_STEPS * SEED_ROBOT_STEP_MS;

export const SCENARIOS: Record<ScenarioName, RobotScenario> = {
  rtt150: { name: "rtt150", rttMs: SEED_RTT_MS, stallMs: 0, stalledViewer: false, cameras: false },
  rtt500: { name: "rtt500", rttMs: 500, stallMs: 0, stalledViewer: false, cameras: false },
  stall: { name: "stall", rttMs: SEED_RTT_MS, stallMs: 3000, stalledViewer: false, cameras: false },
  "viewer-stall": {
    name: "viewer-stall",
    rttMs: SEED_RTT_MS,
    stallMs: 0,
    stalledViewer: true,
    cameras: false,
  },
  cameras: { name: "cameras", rttMs: SEED_RTT_MS, stallMs: 0, stalledViewer: false, cameras: true },
};

/** The bridge waits this much longer than a stall before it gives up on the call. */
const STALL_TIMEOUT_MARGIN_MS = 2000;

/**
 * Environment of the robot-bridge (and the baseline's backend) for a scenario.
 * `stallAtCall` is the backend call that hangs; the bridge's timeout is raised
 * above the stall so the robot is silent for the whole stall instead of being
 * reconnected after the default timeout.
 */
export function robotEnv(s: RobotScenario, stallAtCall: number): Record<string, string> {
  const env: Record<string, string> = {
    ROBOT_BACKEND: "sim",
    SIM_STEPS: String(SEED_ROBOT_STEPS),
    SIM_STEP_MS: String(s.rttMs / SEED_ROBOT_STEPS),
    SIM_FAULT: "",
  };
  if (s.stallMs > 0) {
    env.SIM_FAULT = `stall@${stallAtCall}:${s.stallMs}`;
    env.ROBOT_TIMEOUT_MS = String(s.stallMs + STALL_TIMEOUT_MARGIN_MS);
  }
  return env;
}

/** The backend call number that falls `atS` seconds into a run where each call takes `rttMs`. */
export function callAt(atS: number, rttMs: number): number {
  return Math.max(1, Math.round((atS * 1000) / rttMs));
}
