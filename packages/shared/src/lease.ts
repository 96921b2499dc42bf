/**
 * The controller lease (hot standby): which controller instance may drive
 * the arm. One key in a NATS KV bucket holds the active instance, written
 * with compare-and-set when the lease changes hands; the holder's commands
 * (one per control tick, naming it) keep it alive, a standby takes it once
 * they stop for the timeout, and the robot bridge applies commands only from
 * the holder. The rules both sides follow are here, as data in and data out.
 */
import { Type } from "@sinclair/typebox";
import { defineMessage } from "./messages";

/** Bucket name (through `subjects.kvBucket`, so one bucket per rig) and the key in it. */
export const LEASE_BUCKET = "leases";
export const CONTROLLER_LEASE_KEY = "controller";

/** A standby takes the lease once the holder has been silent (no command, no write) for this many control intervals. */
export const LEASE_TIMEOUT_INTERVALS = 2;
/** Floor on the timeout, so very high control rates do not hand the lease over on a scheduling hiccup. */
export const LEASE_MIN_TIMEOUT_MS = 50;

export const LeaseRecordMsg = defineMessage(
  "teleop.ControllerLease",
  Type.Object({
    v: Type.Literal(1),
    instance: Type.String({ minLength: 1, maxLength: 128 }),
    /** When the holder wrote it, epoch ms (informational: takeover uses the reader's own clock). */
    t: Type.Number({ minimum: 0 }),
  }),
);

export type Role = "active" | "standby";

/**
 * What a reader knows of the lease: `off` when there is no KV (JetStream off),
 * `free` when no controller holds it, else the holder and when this reader
 * last saw the key change or heard the holder's command (its own clock).
 */
export type LeaseView =
  | { state: "off" }
  | { state: "free" }
  | { state: "held"; instance: string; seenAt: number };

/** The lease timeout for a control rate: LEASE_TIMEOUT_INTERVALS intervals, at least LEASE_MIN_TIMEOUT_MS. */
export function leaseTimeoutMs(controlHz: number): number {
  return Math.max((LEASE_TIMEOUT_INTERVALS * 1000) / controlHz, LEASE_MIN_TIMEOUT_MS);
}

/**
 * Whether the robot bridge may apply a command carrying `instance`. Once a
 * controller holds the lease only the holder drives (a kill -9 leaves the dead
 * holder named until a standby takes over, so nobody else slips in). With no
 * lease at all (no KV, or no controller has taken it: a single controller
 * without JetStream) there is nothing to check against and any command passes,
 * as it did before leases existed: run one controller then.
 */
export function commandFromHolder(instance: string | undefined, lease: LeaseView): boolean {
  if (lease.state !== "held") return true;
  return instance !== undefined && lease.instance === instance;
}

/**
 * Whether a standby should try to take the lease now: it is free, or its
 * holder has been silent for `timeoutMs` (even when it names this instance:
 * a previous life might be a twin with the same INSTANCE_ID). The
 * compare-and-set decides between standbys that try at once.
 */
export function mayTakeLease(lease: LeaseView, now: number, timeoutMs: number): boolean {
  if (lease.state === "off") return false;
  if (lease.state === "free") return true;
  return now - lease.seenAt > timeoutMs;
}
