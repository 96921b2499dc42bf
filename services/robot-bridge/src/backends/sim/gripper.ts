/**
 * Gripper width dynamics of the simulated Franka Hand: the width moves
 * toward the commanded opening at a bounded speed. The bus speaks 0 open ..
 * 1 closed; the hand speaks width 0 .. 0.08 m.
 */
import { FR3_GRIPPER_MAX_WIDTH_M } from "@teleop/shared/fr3";

/** The Franka Hand's finger speed, m/s (both fingers together). */
export const GRIPPER_SPEED_M_S = 0.1;

export const busToWidth = (g: number): number =>
  (1 - Math.min(1, Math.max(0, g))) * FR3_GRIPPER_MAX_WIDTH_M;

export const widthToBus = (w: number): number =>
  Math.min(1, Math.max(0, 1 - w / FR3_GRIPPER_MAX_WIDTH_M));

/** Width after dt seconds moving toward the width that bus value `command` asks for. */
export function gripperStep(width: number, command: number, dt: number): number {
  const goal = busToWidth(command);
  const maxMove = GRIPPER_SPEED_M_S * dt;
  const d = goal - width;
  return Math.abs(d) <= maxMove ? goal : width + Math.sign(d) * maxMove;
}
