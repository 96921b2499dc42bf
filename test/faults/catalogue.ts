/** Every fault of the suite, in the order of the table in RELIABILITY.md. */
import {
  badInputOnSubjects,
  badWebxrFrames,
  flood,
  headsetMode,
  hugePayloads,
  killAndRestart,
  natsOutage,
  robotFault,
  webxrAbuse,
} from "./injectors";
import type { FaultDef } from "./runFault";

/**
 * Backend call at which a robot fault fires: the bridge polls at 10 Hz until
 * the arm is driven, then calls once per 20 Hz command, so this lands a few
 * seconds into driving on a loaded machine as on a quiet one.
 */
const ROBOT_FAULT_CALL = 160;

const drive = { vr: "sim", scenario: "drive.json" } as const;
const hold = { vr: "sim", scenario: "hold.json" } as const;
const headsetDrive = { vr: "webxr", scenario: "drive.json" } as const;
const headsetHold = { vr: "webxr", scenario: "hold.json" } as const;

export const killVrIngest: FaultDef = {
  name: "kill -9 vr-ingest, restart",
  slug: "kill-vr-ingest",
  stack: drive,
  motion: "still",
  recoverOn: ["vrState"],
  inject: (ctx) => killAndRestart(ctx, "vr-ingest"),
};

export const killController: FaultDef = {
  name: "kill -9 controller, restart",
  slug: "kill-controller",
  stack: drive,
  motion: "still",
  recoverOn: ["command"],
  inject: (ctx) => killAndRestart(ctx, "controller"),
};

export const killRobotBridge: FaultDef = {
  name: "kill -9 robot-bridge, restart",
  slug: "kill-robot-bridge",
  stack: drive,
  motion: "predictive",
  recoverOn: ["robotState"],
  inject: (ctx) => killAndRestart(ctx, "robot-bridge"),
};

export const killRecorder: FaultDef = {
  name: "kill -9 recorder, restart",
  slug: "kill-recorder",
  stack: drive,
  motion: "drives",
  recoverOn: ["frame"],
  inject: (ctx) => killAndRestart(ctx, "recorder"),
};

export const natsDown: FaultDef = {
  name: "nats-server stopped 2 s, restarted",
  slug: "nats-restart",
  stack: drive,
  motion: "still",
  recoverOn: ["vrState", "command", "robotState"],
  inject: (ctx) => natsOutage(ctx, 2000),
};

export const robotStall: FaultDef = {
  name: "robot backend stalls 3 s",
  slug: "robot-stall",
  stack: { ...drive, env: { "robot-bridge": { SIM_FAULT: `stall@${ROBOT_FAULT_CALL}:3000` } } },
  motion: "predictive",
  recoverOn: ["robotState"],
  inject: (ctx) => robotFault(ctx),
};

export const robotErrors: FaultDef = {
  name: "robot backend returns errors (3 calls)",
  slug: "robot-errors",
  stack: { ...drive, env: { "robot-bridge": { SIM_FAULT: `error@${ROBOT_FAULT_CALL}:3` } } },
  motion: "predictive",
  recoverOn: ["robotState"],
  inject: (ctx) => robotFault(ctx),
};

export const robotDrop: FaultDef = {
  name: "robot backend drops the connection",
  slug: "robot-drop",
  stack: { ...drive, env: { "robot-bridge": { SIM_FAULT: `drop@${ROBOT_FAULT_CALL}` } } },
  motion: "predictive",
  recoverOn: ["robotState"],
  inject: (ctx) => robotFault(ctx),
};

export const vrStreamStops: FaultDef = {
  name: "VR stream stops 3 s (headset silent)",
  slug: "vr-stream-stops",
  stack: headsetDrive,
  motion: "still",
  recoverOn: ["vrState"],
  inject: (ctx) => headsetMode(ctx, "silent", 3000),
};

export const trackingLost: FaultDef = {
  name: "tracking lost 3 s",
  slug: "tracking-lost",
  stack: headsetDrive,
  motion: "still",
  recoverOn: ["vrState"],
  inject: (ctx) => headsetMode(ctx, "untracked", 3000),
};

export const fuzzedMsgpack: FaultDef = {
  name: "fuzzed msgpack on every subject",
  slug: "bad-fuzz",
  stack: hold,
  motion: "targetUnchanged",
  recoverOn: [],
  inject: (ctx) => badInputOnSubjects(ctx, ["fuzz"]),
};

export const wrongTypes: FaultDef = {
  name: "wrong types on every subject",
  slug: "bad-types",
  stack: hold,
  motion: "targetUnchanged",
  recoverOn: [],
  inject: (ctx) => badInputOnSubjects(ctx, ["wrongTypes"]),
};

export const nonFinite: FaultDef = {
  name: "NaN, infinite and huge numbers on every subject",
  slug: "bad-nan",
  stack: hold,
  motion: "targetUnchanged",
  recoverOn: [],
  inject: (ctx) => badInputOnSubjects(ctx, ["nonFinite"]),
};

export const tenMegabytes: FaultDef = {
  name: "10 MB payloads on every subject",
  slug: "bad-10mb",
  stack: hold,
  motion: "targetUnchanged",
  recoverOn: [],
  inject: (ctx) => hugePayloads(ctx),
};

export const floodSubjects: FaultDef = {
  name: "flood 10 000 msg/s, 1 s per subject",
  slug: "bad-flood",
  // Real-time priority for the recorder: other engineers' load on this shared machine
  // would skip its slots on its own; what the flood costs its event loop still shows.
  stack: { ...hold, env: { recorder: { REALTIME: "fifo:10" } } },
  motion: "targetUnchanged",
  recoverOn: [],
  inject: (ctx) => flood(ctx, 1000),
};

export const webxrBadFrames: FaultDef = {
  name: "WebXR socket: fuzzed, wrong-typed, NaN frames",
  slug: "webxr-bad-frames",
  stack: headsetHold,
  motion: "targetUnchanged",
  recoverOn: [],
  inject: (ctx) => badWebxrFrames(ctx, 15, 3000),
};

export const webxrFlood: FaultDef = {
  name: "WebXR socket: 10 MB frame, 10 000 frames/s flood",
  slug: "webxr-abuse",
  stack: headsetHold,
  motion: "targetUnchanged",
  recoverOn: ["vrState"],
  inject: (ctx) => webxrAbuse(ctx, 1000),
};

export const ALL_FAULTS: FaultDef[] = [
  killVrIngest,
  killController,
  killRobotBridge,
  killRecorder,
  natsDown,
  robotStall,
  robotErrors,
  robotDrop,
  vrStreamStops,
  trackingLost,
  fuzzedMsgpack,
  wrongTypes,
  nonFinite,
  tenMegabytes,
  floodSubjects,
  webxrBadFrames,
  webxrFlood,
];
