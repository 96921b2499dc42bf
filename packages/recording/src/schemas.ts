/**
 * JSON Schemas of the seed's topics (REFERENCE section 7), written into the
 * MCAP schema records, and the recorder's own per-tick staleness record.
 * Time fields are integer {sec, nanosec} as Foxglove requires.
 */
import { type Static, Type } from "@sinclair/typebox";

const Num = Type.Number();
const NumArray = Type.Array(Num);

export const RosTimeSchema = Type.Object({
  sec: Type.Integer({ minimum: 0 }),
  nanosec: Type.Integer({ minimum: 0, maximum: 999_999_999 }),
});

export const HeaderSchema = Type.Object({ stamp: RosTimeSchema, frame_id: Type.String() });

export const RobotStateSchema = Type.Object(
  {
    timestamp: RosTimeSchema,
    joint_positions: NumArray,
    joint_velocities: NumArray,
    joint_efforts: NumArray,
    cartesian_position: Type.Array(Num, { description: "x, y, z (m), roll, pitch, yaw (rad)" }),
    cartesian_velocity: NumArray,
    gripper_position: Num,
    gripper_velocity: Num,
  },
  { title: "labelbox_robotics.RobotState" },
);

export const JointStateSchema = Type.Object(
  {
    header: HeaderSchema,
    name: Type.Array(Type.String()),
    position: NumArray,
    velocity: NumArray,
    effort: NumArray,
  },
  { title: "sensor_msgs/msg/JointState" },
);

export const ActionSchema = Type.Object(
  {
    timestamp: RosTimeSchema,
    data: Type.Array(Num, { description: "the 7-vector velocity action" }),
  },
  { title: "labelbox_robotics.Action" },
);

const Matrix16 = Type.Array(Num, {
  minItems: 16,
  maxItems: 16,
  description: "4x4 pose, row-major",
});

export const VrControllerSchema = Type.Object(
  {
    timestamp: RosTimeSchema,
    poses: Type.Object({ r: Type.Optional(Matrix16), l: Type.Optional(Matrix16) }),
    buttons: Type.Record(Type.String(), Type.Union([Type.Boolean(), NumArray])),
    movement_enabled: Type.Boolean(),
    controller_on: Type.Boolean(),
    success: Type.Boolean(),
    failure: Type.Boolean(),
  },
  { title: "labelbox_robotics.VRController" },
);

const Vector3 = Type.Object({ x: Num, y: Num, z: Num });
const Quaternion = Type.Object({ x: Num, y: Num, z: Num, w: Num });

export const TransformStampedSchema = Type.Object({
  header: HeaderSchema,
  child_frame_id: Type.String(),
  transform: Type.Object({ translation: Vector3, rotation: Quaternion }),
});

export const TfMessageSchema = Type.Object(
  { transforms: Type.Array(TransformStampedSchema) },
  { title: "tf2_msgs/msg/TFMessage" },
);

export const StringSchema = Type.Object({ data: Type.String() }, { title: "std_msgs/msg/String" });

/** The sampled streams whose age and staleness every tick records. */
export const STREAMS = ["vr_state", "robot_command", "robot_state", "control_status"] as const;
export type StreamName = (typeof STREAMS)[number];

const Age = Type.Union([Type.Number(), Type.Null()], {
  description: "ms since the stream's message was made (its t), null before any arrived",
});

export const StalenessSchema = Type.Object(
  {
    timestamp: RosTimeSchema,
    age_ms: Type.Object({
      vr_state: Age,
      robot_command: Age,
      robot_state: Age,
      control_status: Age,
    }),
    stale: Type.Array(Type.String(), {
      description: "streams older than the recorder's MAX_STALE_MS (or missing) at this tick",
    }),
  },
  { title: "teleop.RecorderStaleness" },
);

export type RobotStateRecord = Static<typeof RobotStateSchema>;
export type JointStateRecord = Static<typeof JointStateSchema>;
export type ActionRecord = Static<typeof ActionSchema>;
export type VrControllerRecord = Static<typeof VrControllerSchema>;
export type TfMessageRecord = Static<typeof TfMessageSchema>;
export type StalenessRecord = Static<typeof StalenessSchema>;
