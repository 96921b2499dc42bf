/**
 * Checks one frame from a source before it becomes a VrState: size, finite
 * numbers, contract shape, unit quaternions, positions within a room, and no
 * teleport between two tracked samples. Pure: takes the frame and the last
 * published state, returns the state to publish or the reason to reject.
 */
import { encodedSize, findNonFinite, validate } from "@teleop/shared/codec";
import { norm } from "@teleop/shared/math";
import type { Controller, VrSource, VrState } from "@teleop/shared/messages";
import { VrStateMsg } from "@teleop/shared/messages";
import { isUnitQuat, jumpDistance } from "@teleop/shared/vrChecks";
import type { VrFrame } from "./VrSource";

export interface FrameLimits {
  /** Largest frame accepted, as msgpack bytes. */
  maxBytes: number;
  /** Farthest a controller may be from the VR origin on any axis, metres. */
  maxPositionM: number;
  /** Largest move of a tracked controller between two consecutive samples, metres. */
  maxJumpM: number;
  /** Samples further apart than this are not compared for jumps (tracking came back). */
  jumpWindowMs: number;
}

export type RejectKind = "oversized" | "nonfinite" | "bounds" | "invalid" | "quaternion" | "jump";

export type Verdict =
  | { ok: true; state: VrState }
  | { ok: false; kind: RejectKind; reason: string };

export interface Stamp {
  seq: number;
  t: number;
  source: VrSource;
}

const HANDS = ["right", "left"] as const;

/** Only the contract's fields, quaternion normalised: extra fields a source sent are dropped. */
function clean(c: Controller, qNorm: number): Controller {
  const [x, y, z, w] = c.pose.orientation;
  return {
    tracked: c.tracked,
    pose: {
      position: [...c.pose.position],
      orientation: [x / qNorm, y / qNorm, z / qNorm, w / qNorm],
    },
    trigger: c.trigger,
    grip: c.grip,
    joystick: [...c.joystick],
    buttons: { ...c.buttons },
  };
}

function positionOf(frame: VrFrame, hand: (typeof HANDS)[number]): unknown[] | undefined {
  const p = (frame[hand] as { pose?: { position?: unknown } } | undefined)?.pose?.position;
  return Array.isArray(p) ? p : undefined;
}

export function validateFrame(
  frame: VrFrame,
  prev: VrState | undefined,
  stamp: Stamp,
  limits: FrameLimits,
): Verdict {
  const bytes = encodedSize(frame);
  if (bytes > limits.maxBytes) {
    return {
      ok: false,
      kind: "oversized",
      reason: `frame of ${bytes} bytes exceeds the ${limits.maxBytes}-byte limit`,
    };
  }
  const bad = findNonFinite(frame);
  if (bad) return { ok: false, kind: "nonfinite", reason: `non-finite number at ${bad}` };
  for (const hand of HANDS) {
    const p = positionOf(frame, hand);
    const i = p?.findIndex((x) => typeof x === "number" && Math.abs(x) > limits.maxPositionM);
    if (p && i !== undefined && i >= 0) {
      return {
        ok: false,
        kind: "bounds",
        reason: `${hand} position ${"xyz"[i] ?? i} = ${p[i]} m is beyond ±${limits.maxPositionM} m`,
      };
    }
  }
  const raw = { v: 1, seq: stamp.seq, t: stamp.t, source: stamp.source, ...pickHands(frame) };
  const checked = validate(VrStateMsg, raw);
  if (!checked.ok) return { ok: false, kind: "invalid", reason: checked.reason };

  const state: VrState = { v: 1, seq: stamp.seq, t: stamp.t, source: stamp.source };
  for (const hand of HANDS) {
    const c = checked.value[hand];
    if (!c) continue;
    const qNorm = norm(c.pose.orientation);
    // Within the tolerance the quaternion is normalised below.
    if (!isUnitQuat(c.pose.orientation)) {
      return {
        ok: false,
        kind: "quaternion",
        reason: `${hand} orientation has norm ${qNorm.toFixed(3)}, not a unit quaternion`,
      };
    }
    const before = prev?.[hand];
    const d =
      prev && before?.tracked && c.tracked
        ? jumpDistance(
            { position: before.pose.position, t: prev.t },
            { position: c.pose.position, t: stamp.t },
            limits.maxJumpM,
            limits.jumpWindowMs,
          )
        : undefined;
    if (d !== undefined) {
      return {
        ok: false,
        kind: "jump",
        reason: `${hand} controller moved ${d.toFixed(3)} m in one sample (limit ${limits.maxJumpM} m)`,
      };
    }
    state[hand] = clean(c, qNorm);
  }
  return { ok: true, state };
}

function pickHands(frame: VrFrame): Pick<VrFrame, "right" | "left"> {
  const out: Pick<VrFrame, "right" | "left"> = {};
  if (frame.right !== undefined) out.right = frame.right;
  if (frame.left !== undefined) out.left = frame.left;
  return out;
}
