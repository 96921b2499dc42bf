/**
 * The robot server's messages (REFERENCE section 5) as pure functions:
 * a FrankaAction pickled for the request, a FrankaState reply unpickled and
 * checked. Gripper: the bus says 0 open .. 1 closed, the server -1 open / +1
 * close.
 */

import { type Pose, type Quat, quatNormalize, type Vec3 } from "@teleop/shared/math";
import type { Joints, RobotCommand } from "@teleop/shared/messages";
import type { BackendState } from "../../RobotBackend";
import { isNdArray, isPyObject, pickleLoads } from "./pickle/pickleReader";
import { pickleDumps } from "./pickle/pickleWriter";

export const MESSAGES_MODULE = "frankateach.messages";
/** Request for the state only; the server answers a FrankaState or `state_error`. */
export const GET_STATE = new TextEncoder().encode("get_state");
export const STATE_ERROR = "state_error";

export const gripperToServer = (g: number): number => (g >= 0.5 ? 1 : -1);

/**
 * Server gripper (-1 open .. +1 closed) to the bus's 0..1. The server reports
 * the last commanded action, and an int 0 before any: nothing commanded, so
 * the gripper is as it starts, open.
 */
export const gripperFromServer = (g: number): number =>
  g === 0 ? 0 : Math.min(1, Math.max(0, (g + 1) / 2));

export const isStateError = (reply: Uint8Array): boolean =>
  new TextDecoder().decode(reply) === STATE_ERROR;

export function encodeAction(
  pose: Pose,
  gripper: number,
  reset: boolean,
  timestampS: number,
): Uint8Array {
  return pickleDumps({
    module: MESSAGES_MODULE,
    name: "FrankaAction",
    state: {
      pos: Float32Array.from(pose.position),
      quat: Float32Array.from(pose.orientation),
      gripper: gripperToServer(gripper),
      reset,
      timestamp: timestampS,
    },
  });
}

export function encodeCommand(cmd: RobotCommand, timestampS: number): Uint8Array {
  return encodeAction(cmd.target, cmd.gripper, false, timestampS);
}

/** The fields of a FrankaState reply, in the bridge's units. */
export interface FrankaStateReply {
  pose: Pose;
  gripper: number;
  /** As the server sent it: 0 (nothing commanded), -1 or +1. */
  gripperRaw: number;
  jointPositions: number[] | null;
}

function numbers(v: unknown, n: number, field: string): number[] {
  const data = isNdArray(v) ? v.data : Array.isArray(v) ? v : undefined;
  if (!data || data.length !== n || !data.every((x) => typeof x === "number" && Number.isFinite(x)))
    throw new Error(`FrankaState.${field} is not ${n} finite numbers`);
  return data as number[];
}

/** Unpickle and check a reply; throws a readable reason for `state_error` or a bad state. */
export function decodeState(reply: Uint8Array): FrankaStateReply {
  if (isStateError(reply)) throw new Error("robot server answered state_error");
  const v = pickleLoads(reply);
  if (!isPyObject(v) || !v.className.endsWith(".FrankaState"))
    throw new Error(
      `robot server replied with ${isPyObject(v) ? v.className : typeof v}, not a FrankaState`,
    );
  const s = v.state;
  const position = numbers(s.pos, 3, "pos") as Vec3;
  const q = numbers(s.quat, 4, "quat") as Quat;
  const norm = Math.hypot(...q);
  if (norm < 0.5 || norm > 1.5)
    throw new Error(`FrankaState.quat has norm ${norm}, not a rotation`);
  const gripper = typeof s.gripper === "number" ? s.gripper : numbers(s.gripper, 1, "gripper")[0]!;
  if (!Number.isFinite(gripper)) throw new Error("FrankaState.gripper is not finite");
  const jp =
    s.joint_positions === null || s.joint_positions === undefined
      ? null
      : numbers(s.joint_positions, 7, "joint_positions");
  return {
    pose: { position, orientation: quatNormalize(q) },
    gripper: gripperFromServer(gripper),
    gripperRaw: gripper,
    jointPositions: jp,
  };
}

/**
 * `t` is the reply's arrival time on this machine: the server's own
 * timestamp comes from another clock. The server sends joint positions
 * only: velocities are estimated from the previous reply (zero at first).
 */
export function toBackendState(
  reply: FrankaStateReply,
  t: number,
  prev: BackendState | undefined,
): BackendState {
  let joints: Joints | null = null;
  if (reply.jointPositions) {
    const dt = prev?.joints ? (t - prev.t) / 1000 : 0;
    const before = prev?.joints?.position;
    joints = {
      position: reply.jointPositions,
      velocity: reply.jointPositions.map((x, i) => (before && dt > 0 ? (x - before[i]!) / dt : 0)),
    };
  }
  return { t, pose: reply.pose, gripper: reply.gripper, gripperRaw: reply.gripperRaw, joints };
}
