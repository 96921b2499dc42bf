/**
 * The simulated FR3 arm and hand, without timers: joints, joint velocities
 * and gripper width, advanced one physics step at a time toward a
 * commanded pose (IK) or toward the home joints. Deterministic: the same
 * steps from the same start give the same state.
 */
import {
  FR3_GRIPPER_MAX_WIDTH_M,
  FR3_RESET_JOINTS,
  FR3_VELOCITY_LIMIT,
  fr3ForwardKinematics,
} from "@teleop/shared/fr3";
import type { Pose } from "@teleop/shared/math";
import type { BackendState } from "../../RobotBackend";
import { gripperStep, widthToBus } from "./gripper";
import { ikStep } from "./ik";

/** The home procedure moves joints at this fraction of their velocity limits. */
export const HOME_SPEED_FRACTION = 0.5;

export class SimArm {
  q: number[];
  dq: number[] = new Array<number>(7).fill(0);
  /** Finger opening, metres. */
  width = FR3_GRIPPER_MAX_WIDTH_M;

  constructor(q0: readonly number[] = FR3_RESET_JOINTS) {
    this.q = [...q0];
  }

  /** Move for dt seconds toward the target pose and gripper command (0 open .. 1 closed). */
  stepToward(target: Pose, gripper: number, dt: number): void {
    const next = ikStep(this.q, target, dt);
    this.dq = next.map((x, i) => (x - this.q[i]!) / dt);
    this.q = next;
    this.width = gripperStep(this.width, gripper, dt);
  }

  /** One step of the home procedure (gripper opens); returns true once home. */
  stepHome(dt: number): boolean {
    const next = this.q.map((x, i) => {
      const maxMove = FR3_VELOCITY_LIMIT[i]! * HOME_SPEED_FRACTION * dt;
      const d = FR3_RESET_JOINTS[i]! - x;
      return Math.abs(d) <= maxMove ? FR3_RESET_JOINTS[i]! : x + Math.sign(d) * maxMove;
    });
    this.dq = next.map((x, i) => (x - this.q[i]!) / dt);
    this.q = next;
    this.width = gripperStep(this.width, 0, dt);
    const home = this.q.every((x, i) => x === FR3_RESET_JOINTS[i]);
    return home && this.width === FR3_GRIPPER_MAX_WIDTH_M;
  }

  /** Between commands the arm holds still. */
  hold(): void {
    this.dq = new Array<number>(7).fill(0);
  }

  measure(t: number): BackendState {
    return {
      t,
      pose: fr3ForwardKinematics(this.q),
      gripper: widthToBus(this.width),
      joints: { position: [...this.q], velocity: [...this.dq] },
    };
  }
}
