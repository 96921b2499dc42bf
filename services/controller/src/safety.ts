/**
 * The checks the seed lacks: stale VR and lost tracking here; pose jumps and
 * degenerate orientations in @teleop/shared/vrChecks, shared with vr-ingest.
 * Each answers with data; the core decides.
 */

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
