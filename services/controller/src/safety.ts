/**
 * The checks the seed lacks: stale VR, lost tracking, pose jumps and
 * degenerate orientations. Each answers with data; the core decides.
 */
import { norm, type Quat, sub, type Vec3 } from "@teleop/shared/math";

/** Why the clutch is released this tick (undefined: movement enabled). */
export type ReleaseReason =
  | "grip"
  | "vrTimeout"
  | "untracked"
  | "jump"
  | "referenceReset"
  | "uncalibrated"
  | "noRobotState"
  | "reset";

/**
 * VR is stale when no message is newer than the timeout, judged both by its
 * own time (a stalled device) and by arrival (a publisher whose clock runs ahead).
 */
export function vrStale(t: number, receivedAt: number, now: number, timeoutMs: number): boolean {
  return Math.max(now - t, now - receivedAt) > timeoutMs;
}

export interface PositionSample {
  position: Vec3;
  t: number;
}

/**
 * Distance the controller moved in one sample when that is beyond the bound,
 * else undefined. Samples further apart than the VR timeout are not compared:
 * the clutch was released in between and origins reset anyway.
 */
export function jumpDistance(
  prev: PositionSample | undefined,
  next: PositionSample,
  maxJumpM: number,
  timeoutMs: number,
): number | undefined {
  if (!prev || next.t - prev.t > timeoutMs) return undefined;
  const d = norm(sub(next.position, prev.position));
  return d > maxJumpM ? d : undefined;
}

/** A usable orientation: within 5 % of unit length (the schema lets [0, 0, 0, 0] through). */
export function isUnitQuat(q: Quat): boolean {
  return Math.abs(norm(q) - 1) < 0.05;
}
