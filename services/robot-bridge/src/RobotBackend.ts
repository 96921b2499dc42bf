/**
 * The small interface every robot backend implements (one folder per
 * backend under backends/). The communication worker calls one method at a
 * time and owns timeouts: on a timeout it closes the backend and connects
 * it again. Adding a backend is one folder (backends/<name>/index.ts exporting
 * its BackendEntry) and one line in backends/registry.ts.
 */
import type { SceneState } from "@teleop/shared/cameraMessages";
import type { ConfigOf, Specs } from "@teleop/shared/config";
import type { Logger } from "@teleop/shared/log";
import type { Pose } from "@teleop/shared/math";
import type { Joints, RobotCommand } from "@teleop/shared/messages";

/** What a backend measured; the worker adds seq, commandSeq, rttMs and backend. */
export interface BackendState {
  /** Measurement time, epoch ms. */
  t: number;
  pose: Pose;
  /** 0 open .. 1 closed. */
  gripper: number;
  /** The gripper value exactly as the robot reported it, where it differs in kind from `gripper`. */
  gripperRaw?: number;
  joints: Joints | null;
}

/**
 * The robot answered but has no state to give yet (frankateach's
 * `state_error`): the connection is fine, so the worker asks again on it
 * instead of tearing it down.
 */
export class BackendNotReadyError extends Error {}

export interface RobotBackend {
  readonly name: string;
  /** Open the connection; throws a readable reason when the robot is unreachable. */
  connect(): Promise<void>;
  /** Send one motion command (target pose and gripper) and return the state after it. */
  apply(command: RobotCommand): Promise<BackendState>;
  /** Ask for the state without moving. */
  readState(): Promise<BackendState>;
  /** Run the home procedure; resolves when the arm is home. */
  reset(): Promise<BackendState>;
  /** Drop the connection; a call in flight rejects. Safe to call twice. */
  close(): Promise<void>;
  /** Extra fields for the health message. */
  detail?(): Record<string, unknown>;
}

export interface BackendContext {
  log: Logger;
  /** For simulated backends: publish the simulated world on teleop.sim.scene. */
  publishScene?: (scene: SceneState) => void;
}

/** A registry entry: the backend's own options (merged into the service's) and its factory. */
export interface BackendEntry<S extends Specs = Specs> {
  name: string;
  specs: S;
  create(config: ConfigOf<S>, ctx: BackendContext): RobotBackend;
}
