/**
 * The sanity checks every consumer of VR poses applies, with their numbers:
 * vr-ingest at ingress (drop a bad frame) and the controller before it moves
 * the arm (release the clutch). Pure functions on data.
 */
import { norm, type Quat, sub, type Vec3 } from "./math";

/**
 * Largest accepted | |q| - 1 |. Within it an orientation is normalised (float32
 * rounding, a device's own normalisation); beyond it it is not a rotation (the
 * schema lets [0, 0, 0, 0] through).
 */
export const QUAT_NORM_TOLERANCE = 0.05;

/**
 * vr-ingest's limit between two device samples (50-120 Hz): 0.3 m in 8-20 ms is
 * 15-36 m/s, faster than any hand, so it is a tracking glitch; the frame is
 * dropped and never reaches the bus, a recording or the arm.
 */
export const INGEST_MAX_JUMP_M = 0.3;

/**
 * The controller's limit between two VR samples it follows: a real but violent
 * move (0.1 m at 50 Hz is 5 m/s) is valid data and is recorded, yet the arm
 * must not chase it, so the clutch is released and the operator re-grips.
 */
export const FOLLOW_MAX_JUMP_M = 0.1;

/** How far an orientation's norm is from 1. */
export function quatNormError(q: Quat): number {
  return Math.abs(norm(q) - 1);
}

export function isUnitQuat(q: Quat): boolean {
  return quatNormError(q) <= QUAT_NORM_TOLERANCE;
}

export interface PositionSample {
  position: Vec3;
  t: number;
}

/**
 * Distance moved between two samples when it is beyond maxJumpM, else
 * undefined. Samples further apart than windowMs are not compared: after such
 * a gap tracking came back and consumers have let go anyway.
 */
export function jumpDistance(
  prev: PositionSample | undefined,
  next: PositionSample,
  maxJumpM: number,
  windowMs: number,
): number | undefined {
  if (!prev || next.t - prev.t > windowMs) return undefined;
  const d = norm(sub(next.position, prev.position));
  return d > maxJumpM ? d : undefined;
}
