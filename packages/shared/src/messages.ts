/**
 * The message contract (version 1): each message defined once, giving the
 * TypeScript type, a compiled runtime validator and the JSON Schema that the
 * recorder writes into MCAP. Objects accept extra fields (newer publishers);
 * none of the named fields may be missing. Numbers must be finite and within
 * physical bounds, so NaN, Infinity and huge values are rejected at the edge.
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";

export const CONTRACT_VERSION = 1;

/** Positions beyond this many metres from the origin are not physical for a lab rig. */
export const MAX_POSITION_M = 100;

const Version = Type.Literal(CONTRACT_VERSION);
const Seq = Type.Integer({ minimum: 0 });
const EpochMs = Type.Number({ minimum: 0, description: "epoch milliseconds" });
const Unit = Type.Number({ minimum: 0, maximum: 1 });
const Coord = Type.Number({ minimum: -MAX_POSITION_M, maximum: MAX_POSITION_M });
const QuatComponent = Type.Number({ minimum: -1.01, maximum: 1.01 });

export const Vec3Schema = Type.Tuple([Coord, Coord, Coord]);
export const QuatSchema = Type.Tuple([QuatComponent, QuatComponent, QuatComponent, QuatComponent], {
  description: "quaternion (x, y, z, w)",
});
export const PoseSchema = Type.Object({ position: Vec3Schema, orientation: QuatSchema });

const Axis = Type.Number({ minimum: -1, maximum: 1 });

export const ButtonsSchema = Type.Object({
  primary: Type.Boolean({ description: "A or X" }),
  secondary: Type.Boolean({ description: "B or Y" }),
  grip: Type.Boolean(),
  trigger: Type.Boolean(),
  joystick: Type.Boolean({ description: "thumbstick click" }),
  menu: Type.Boolean(),
});

export const ControllerSchema = Type.Object({
  tracked: Type.Boolean(),
  pose: PoseSchema,
  trigger: Unit,
  grip: Unit,
  joystick: Type.Tuple([Axis, Axis]),
  buttons: ButtonsSchema,
});

export const VrSourceSchema = Type.Union([
  Type.Literal("sim"),
  Type.Literal("adb"),
  Type.Literal("webxr"),
  Type.Literal("replay"),
]);

export const VrStateSchema = Type.Object(
  {
    v: Version,
    seq: Seq,
    t: EpochMs,
    source: VrSourceSchema,
    right: Type.Optional(ControllerSchema),
    left: Type.Optional(ControllerSchema),
  },
  { $id: "teleop.VrState", description: "Both VR controllers in the OpenXR frame (metres)" },
);

const ControlMode = Type.Union([Type.Literal("realtime"), Type.Literal("predictive")]);
const Action = Type.Array(Type.Number({ minimum: -1, maximum: 1 }), { minItems: 7, maxItems: 7 });

export const RobotCommandSchema = Type.Object(
  {
    v: Version,
    seq: Seq,
    t: EpochMs,
    deadline: EpochMs,
    mode: ControlMode,
    movement: Type.Boolean(),
    target: PoseSchema,
    gripper: Unit,
    action: Action,
    reset: Type.Boolean(),
    vrSeq: Type.Union([Seq, Type.Null()]),
    vrT: Type.Union([EpochMs, Type.Null()]),
    robotSeq: Type.Union([Seq, Type.Null()]),
    instance: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { $id: "teleop.RobotCommand", description: "Target pose in the robot base frame" },
);

const Joint7 = (bound: number) =>
  Type.Array(Type.Number({ minimum: -bound, maximum: bound }), { minItems: 7, maxItems: 7 });

export const JointsSchema = Type.Object({ position: Joint7(10), velocity: Joint7(100) });

export const RobotStateSchema = Type.Object(
  {
    v: Version,
    seq: Seq,
    t: EpochMs,
    pose: PoseSchema,
    gripper: Unit,
    /** The gripper as the backend reported it (frankateach: 0 nothing commanded, -1 open, +1 closed). */
    gripperRaw: Type.Optional(Type.Number()),
    joints: Type.Union([JointsSchema, Type.Null()]),
    commandSeq: Type.Union([Seq, Type.Null()]),
    rttMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    backend: Type.String({ maxLength: 64 }),
  },
  { $id: "teleop.RobotState", description: "Measured robot state; t is the measurement time" },
);

export const ControlStatusSchema = Type.Object(
  {
    v: Version,
    seq: Seq,
    t: EpochMs,
    mode: Type.Union([Type.Literal("realtime"), Type.Literal("predictive"), Type.Literal("idle")]),
    movement: Type.Boolean(),
    calibrated: Type.Boolean(),
    vrAgeMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    robotAgeMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    hz: Type.Number({ minimum: 0 }),
    /** Why movement is off this tick (grip, untracked, vrTimeout, uncalibrated, reset, noRobotState, ...); null while it moves. */
    holdReason: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
    /** The commanded target sits on the workspace's edge (the law clipped it). */
    atEdge: Type.Optional(Type.Boolean()),
    instance: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { $id: "teleop.ControlStatus" },
);

export const EventSchema = Type.Object(
  {
    v: Version,
    t: EpochMs,
    service: Type.String({ maxLength: 64 }),
    type: Type.String({ maxLength: 64 }),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: "teleop.Event" },
);

export const LoopStatsSchema = Type.Object({
  hz: Type.Number({ minimum: 0 }),
  jitterP99Ms: Type.Number({ minimum: 0 }),
  overruns: Type.Integer({ minimum: 0 }),
  /** p99 of each tick's work, start to finish (the controller's: VR read to the command handed to NATS). */
  workP99Ms: Type.Optional(Type.Number({ minimum: 0 })),
});

export const HealthSchema = Type.Object(
  {
    v: Version,
    t: EpochMs,
    service: Type.String({ maxLength: 64 }),
    instance: Type.String({ maxLength: 128 }),
    status: Type.Union([Type.Literal("ok"), Type.Literal("degraded"), Type.Literal("error")]),
    uptimeS: Type.Number({ minimum: 0 }),
    loops: Type.Record(Type.String(), LoopStatsSchema),
    counters: Type.Record(Type.String(), Type.Number()),
    detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: "teleop.Health" },
);

export const RecorderSaveRequestSchema = Type.Object(
  { success: Type.Boolean() },
  { $id: "teleop.RecorderSaveRequest" },
);

export const RecorderEmptyRequestSchema = Type.Object({}, { $id: "teleop.RecorderRequest" });

/** Start: optional labels written into the episode's metadata (the recorder's defaults fill gaps). */
export const RecorderStartRequestSchema = Type.Object(
  {
    task: Type.Optional(Type.String({ maxLength: 1000, description: "language instruction" })),
    operator: Type.Optional(Type.String({ maxLength: 200 })),
    notes: Type.Optional(Type.String({ maxLength: 4000, description: "free-form scene notes" })),
  },
  { $id: "teleop.RecorderStartRequest" },
);

export const RecorderReplySchema = Type.Object(
  {
    ok: Type.Boolean(),
    recording: Type.Boolean(),
    path: Type.Optional(Type.String()),
    frames: Type.Optional(Type.Integer({ minimum: 0 })),
    durationS: Type.Optional(Type.Number({ minimum: 0 })),
    task: Type.Optional(Type.String()),
    /** Save: ms from the request (or the B press) to the file being final under its name. */
    saveMs: Type.Optional(Type.Number({ minimum: 0 })),
    error: Type.Optional(Type.String()),
  },
  { $id: "teleop.RecorderReply" },
);

export const CalibrateRequestSchema = Type.Object({}, { $id: "teleop.CalibrateRequest" });

export const CalibrateReplySchema = Type.Object(
  { ok: Type.Boolean(), error: Type.Optional(Type.String()) },
  { $id: "teleop.CalibrateReply" },
);

export type PoseMsg = Static<typeof PoseSchema>;
export type Buttons = Static<typeof ButtonsSchema>;

/** Every button up: what a source reports for a button it has not seen pressed. */
export function releasedButtons(): Buttons {
  return {
    primary: false,
    secondary: false,
    grip: false,
    trigger: false,
    joystick: false,
    menu: false,
  };
}
export type Controller = Static<typeof ControllerSchema>;
export type VrSource = Static<typeof VrSourceSchema>;
export type VrState = Static<typeof VrStateSchema>;
export type RobotCommand = Static<typeof RobotCommandSchema>;
export type Joints = Static<typeof JointsSchema>;
export type RobotState = Static<typeof RobotStateSchema>;
export type ControlStatus = Static<typeof ControlStatusSchema>;
export type TeleopEvent = Static<typeof EventSchema>;
export type LoopStats = Static<typeof LoopStatsSchema>;
export type Health = Static<typeof HealthSchema>;
export type RecorderSaveRequest = Static<typeof RecorderSaveRequestSchema>;
export type RecorderStartRequest = Static<typeof RecorderStartRequestSchema>;
export type RecorderReply = Static<typeof RecorderReplySchema>;
export type CalibrateReply = Static<typeof CalibrateReplySchema>;

/** A message type: its name, JSON Schema and compiled validator. */
export interface MessageType<T> {
  readonly name: string;
  readonly schema: TSchema;
  check(value: unknown): value is T;
  /** First validation error as `path: message`, or undefined when valid. */
  firstError(value: unknown): string | undefined;
  /** Compiles the validator now (a subscriber does, so its first message, or its first bad one, does not wait). */
  compile(): void;
}

export function defineMessage<S extends TSchema>(name: string, schema: S): MessageType<Static<S>> {
  // Compiled on first use or when a service subscribes: a service checks a few of the
  // contract's types, and each compiled validator costs memory in every process that loads this module.
  let compiled: TypeCheck<S> | undefined;
  const validator = () => {
    compiled ??= TypeCompiler.Compile(schema);
    return compiled;
  };
  return {
    name,
    schema,
    check: (value: unknown): value is Static<S> => validator().Check(value),
    firstError(value) {
      const e = validator().Errors(value).First();
      return e ? `${e.path || "/"}: ${e.message}` : undefined;
    },
    compile: () => {
      // The error path too: its first run costs about 9 ms (code JSC has not compiled yet).
      validator().Errors({}).First();
    },
  };
}

export const VrStateMsg = defineMessage("teleop.VrState", VrStateSchema);
export const RobotCommandMsg = defineMessage("teleop.RobotCommand", RobotCommandSchema);
export const RobotStateMsg = defineMessage("teleop.RobotState", RobotStateSchema);
export const ControlStatusMsg = defineMessage("teleop.ControlStatus", ControlStatusSchema);
export const EventMsg = defineMessage("teleop.Event", EventSchema);
export const HealthMsg = defineMessage("teleop.Health", HealthSchema);
export const RecorderSaveRequestMsg = defineMessage(
  "teleop.RecorderSaveRequest",
  RecorderSaveRequestSchema,
);
export const RecorderEmptyRequestMsg = defineMessage(
  "teleop.RecorderRequest",
  RecorderEmptyRequestSchema,
);
export const RecorderStartRequestMsg = defineMessage(
  "teleop.RecorderStartRequest",
  RecorderStartRequestSchema,
);
export const RecorderReplyMsg = defineMessage("teleop.RecorderReply", RecorderReplySchema);
export const CalibrateRequestMsg = defineMessage("teleop.CalibrateRequest", CalibrateRequestSchema);
export const CalibrateReplyMsg = defineMessage("teleop.CalibrateReply", CalibrateReplySchema);
