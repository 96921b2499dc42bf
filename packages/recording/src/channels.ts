/**
 * Every channel a recording holds: the seed's topics (REFERENCE section 7),
 * the raw bus messages with the contract's schemas, Foxglove-schema channels
 * for the 3D panel, and the recorder's staleness record. All `json` with a
 * `jsonschema` schema.
 */
import { FrameTransforms, PoseInFrame, SceneUpdate } from "@foxglove/schemas/jsonschema";
import { SceneStateMsg } from "@teleop/shared/cameraMessages";
import {
  ControlStatusMsg,
  EventMsg,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import { toDraft2020 } from "./draft2020";
import { recordedTopic } from "./rawTopics";
import {
  ActionSchema,
  JointStateSchema,
  RobotStateSchema,
  StalenessSchema,
  StringSchema,
  TfMessageSchema,
  VrControllerSchema,
} from "./schemas";

export interface ChannelSpec {
  readonly topic: string;
  readonly schemaName: string;
  /** JSON Schema draft 2020-12, as written into the file. */
  readonly schema: object;
}

const titled = (schema: { title?: string }, fallback: string) => schema.title ?? fallback;

/** A bus subject recorded as it is, with the contract's own schema and name. */
const rawChannel = (
  subjectOf: Parameters<typeof recordedTopic>[0],
  type: { schema: object; name: string },
) => ({ topic: recordedTopic(subjectOf), schema: type.schema, name: type.name });

export const CHANNELS = {
  robotState: { topic: "/robot_state", schema: RobotStateSchema },
  jointStates: { topic: "/joint_states", schema: JointStateSchema },
  action: { topic: "/action", schema: ActionSchema },
  vrController: { topic: "/vr_controller", schema: VrControllerSchema },
  tf: { topic: "/tf", schema: TfMessageSchema },
  tfStatic: { topic: "/tf_static", schema: TfMessageSchema },
  robotDescription: { topic: "/robot_description", schema: StringSchema },
  rawVrState: rawChannel((s) => s.vrState, VrStateMsg),
  rawRobotCommand: rawChannel((s) => s.robotCommand, RobotCommandMsg),
  rawRobotState: rawChannel((s) => s.robotState, RobotStateMsg),
  rawControlStatus: rawChannel((s) => s.controlStatus, ControlStatusMsg),
  rawEvents: rawChannel((s) => s.events, EventMsg),
  foxgloveTf: { topic: "/foxglove/tf", schema: FrameTransforms },
  target: { topic: "/foxglove/target", schema: PoseInFrame },
  controllerRight: { topic: "/foxglove/controller/right", schema: PoseInFrame },
  controllerLeft: { topic: "/foxglove/controller/left", schema: PoseInFrame },
  staleness: { topic: "/recorder/staleness", schema: StalenessSchema },
  /** The simulated world's objects (the cube) for Foxglove's 3D panel, each SceneState as it arrives. */
  sceneObjects: { topic: "/scene/objects", schema: SceneUpdate },
  rawScene: rawChannel((s) => s.simScene, SceneStateMsg),
} satisfies Record<string, { topic: string; schema: object; name?: string }>;

export type ChannelKey = keyof typeof CHANNELS;

export const CHANNEL_KEYS = Object.keys(CHANNELS) as ChannelKey[];

/** Channels a file gets only when their first message comes (a rig without a simulated scene has none). */
export const ON_DEMAND_CHANNELS: ReadonlySet<ChannelKey> = new Set(["sceneObjects", "rawScene"]);

const specs = new Map<ChannelKey, ChannelSpec>();

/**
 * A channel's spec, built once per key and shared: the writer and the live
 * view look it up for every record, and the 2020-12 conversion copies the
 * whole schema (it was 40 % of the recorder's CPU when done per record).
 */
export function channelSpec(key: ChannelKey): ChannelSpec {
  const known = specs.get(key);
  if (known) return known;
  const c: { topic: string; schema: object; name?: string } = CHANNELS[key];
  const spec: ChannelSpec = {
    topic: c.topic,
    schemaName: c.name ?? titled(c.schema as { title?: string }, key),
    schema: toDraft2020(c.schema),
  };
  specs.set(key, spec);
  return spec;
}

/** Topics the verifier requires, as the seed's verifier does. */
export const REQUIRED_TOPICS = [
  CHANNELS.robotState.topic,
  CHANNELS.action.topic,
  CHANNELS.vrController.topic,
];
