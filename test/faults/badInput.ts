/**
 * Bad input for every subject the services read: fuzzed msgpack, wrong
 * types, non-finite and huge numbers, built from one valid example per
 * subject. Every payload is kept only when the contract rejects it, so what
 * the suite publishes is bad input by definition and never a valid message
 * (a valid `{}` on teleop.recorder.discard would really discard).
 */

import { decode, encode } from "@teleop/shared/codec";
import type { Pose } from "@teleop/shared/math";
import {
  CalibrateRequestMsg,
  ControlStatusMsg,
  EventMsg,
  HealthMsg,
  type MessageType,
  RecorderEmptyRequestMsg,
  RecorderSaveRequestMsg,
  RecorderStartRequestMsg,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import { mulberry32 } from "@teleop/shared/prng";
import type { Subjects } from "@teleop/shared/subjects";
import { controller } from "../support/fixtures";

export type BadKind = "fuzz" | "wrongTypes" | "nonFinite";
export const BAD_KINDS: readonly BadKind[] = ["fuzz", "wrongTypes", "nonFinite"];

export interface Target {
  subject: string;
  type: MessageType<unknown>;
  valid: Record<string, unknown>;
}

const pose: Pose = { position: [0.2, 1, -0.35], orientation: [0, 0, 0, 1] };
/** A valid tracked right controller, grip held. */
export const HAND_EXAMPLE = controller({ pose, grip: 1, buttons: { grip: true } });
const robotPose = { position: [0.45, 0, 0.27], orientation: [1, 0, 0, 0] };

/** One valid example per subject a service reads (and the health subjects, read by tools). */
export function targets(s: Subjects, t: number): Target[] {
  const t7 = [0, 0, 0, 0, 0, 0, 0];
  return [
    {
      subject: s.vrState,
      type: VrStateMsg,
      valid: { v: 1, seq: 1, t, source: "sim", right: HAND_EXAMPLE },
    },
    {
      subject: s.robotCommand,
      type: RobotCommandMsg,
      valid: {
        v: 1,
        seq: 1,
        t,
        deadline: t + 100,
        mode: "realtime",
        movement: true,
        target: robotPose,
        gripper: 0,
        action: t7,
        reset: false,
        vrSeq: 1,
        vrT: t,
        robotSeq: 1,
      },
    },
    {
      subject: s.robotState,
      type: RobotStateMsg,
      valid: {
        v: 1,
        seq: 1,
        t,
        pose: robotPose,
        gripper: 0,
        joints: { position: t7, velocity: t7 },
        commandSeq: 1,
        rttMs: 5,
        backend: "sim",
      },
    },
    {
      subject: s.controlStatus,
      type: ControlStatusMsg,
      valid: {
        v: 1,
        seq: 1,
        t,
        mode: "realtime",
        movement: true,
        calibrated: true,
        vrAgeMs: 1,
        robotAgeMs: 1,
        hz: 20,
      },
    },
    {
      subject: s.events,
      type: EventMsg,
      valid: { v: 1, t, service: "x", type: "button", data: { hand: "right" } },
    },
    { subject: s.controlCalibrate, type: CalibrateRequestMsg, valid: {} },
    {
      subject: s.recorderStart,
      type: RecorderStartRequestMsg,
      valid: { task: "pick the cube", operator: "x", notes: "y" },
    },
    { subject: s.recorderSave, type: RecorderSaveRequestMsg, valid: { success: true } },
    { subject: s.recorderDiscard, type: RecorderEmptyRequestMsg, valid: {} },
    { subject: s.recorderStatus, type: RecorderEmptyRequestMsg, valid: {} },
    {
      subject: s.health("controller"),
      type: HealthMsg,
      valid: {
        v: 1,
        t,
        service: "controller",
        instance: "x",
        status: "ok",
        uptimeS: 1,
        loops: {},
        counters: {},
      },
    },
  ];
}

type Json = unknown;

/** Every path to a leaf or an inner value of a plain object/array. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== "object") return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  const inner = keys.flatMap((k) => paths((v as Record<string | number, Json>)[k], [...at, k]));
  return at.length ? [at, ...inner] : inner;
}

function setAt(v: Json, path: (string | number)[], value: Json): Json {
  const copy = structuredClone(v) as Record<string | number, Json>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  node[path[path.length - 1]!] = value;
  return copy;
}

function removeAt(v: Json, path: (string | number)[]): Json {
  const copy = structuredClone(v) as Record<string | number, Json>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  delete node[path[path.length - 1]!];
  return copy;
}

/** Replacement values of a type other than the original's. */
function wrongValues(original: Json): Json[] {
  const all: Json[] = ["x", 1, -1, true, null, [], [1, 2], { a: 1 }, "NaN"];
  return all.filter(
    (x) => typeof x !== typeof original || Array.isArray(x) !== Array.isArray(original),
  );
}

function fuzz(valid: Json, rnd: () => number, n: number): Uint8Array[] {
  const good = encode(valid);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const style = i % 3;
    if (style === 0) {
      const bytes = new Uint8Array(1 + Math.floor(rnd() * 64));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rnd() * 256);
      out.push(bytes);
    } else if (style === 1) {
      out.push(good.slice(0, Math.floor(rnd() * good.length)));
    } else {
      const flipped = good.slice();
      for (let k = 0; k < 3; k++) {
        const j = Math.floor(rnd() * flipped.length);
        flipped[j] = flipped[j]! ^ (1 << Math.floor(rnd() * 8));
      }
      out.push(flipped);
    }
  }
  return out;
}

function wrongTypes(valid: Json): Uint8Array[] {
  const whole: Json[] = ["a string", 42, [1, 2, 3], null, true];
  const mutated = paths(valid).flatMap((p) => {
    let orig: Json = valid;
    for (const k of p) orig = (orig as Record<string | number, Json>)[k];
    return [...wrongValues(orig).map((w) => setAt(valid, p, w)), removeAt(valid, p)];
  });
  return [...whole, ...mutated, { ...(valid as object), v: 2 }].map(encode);
}

function nonFinite(valid: Json): Uint8Array[] {
  const numeric = paths(valid).filter((p) => {
    let v: Json = valid;
    for (const k of p) v = (v as Record<string | number, Json>)[k];
    return typeof v === "number";
  });
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308];
  const mutated = numeric.flatMap((p) => specials.map((x) => setAt(valid, p, x)));
  // Objects without numbers (requests) still get NaN where a field would be.
  return [...mutated, { ...(valid as object), success: Number.NaN }, Number.NaN].map(encode);
}

/** Bad payloads of one kind for one target; each is rejected by the target's contract. */
export function badPayloads(kind: BadKind, target: Target, seed = 1, fuzzCount = 60): Uint8Array[] {
  const raw =
    kind === "fuzz"
      ? fuzz(target.valid, mulberry32(seed), fuzzCount)
      : kind === "wrongTypes"
        ? wrongTypes(target.valid)
        : nonFinite(target.valid);
  return raw.filter((bytes) => bytes.length > 0 && !decode(target.type, bytes).ok);
}
