/**
 * The dataset's feature table (info.json `features`): DROID's port names
 * (REFERENCE section 10) for the state, the recorded 7-vector action, the
 * commanded target pose, one video per camera and LeRobot's index columns.
 */

export interface VideoInfo {
  "video.height": number;
  "video.width": number;
  "video.codec": string;
  "video.pix_fmt": string;
  is_depth_map: boolean;
  "video.fps": number;
  "video.channels": number;
  has_audio: boolean;
}

export interface Feature {
  dtype: "float32" | "int64" | "video";
  shape: number[];
  names: string[] | { axes: string[] } | null;
  info?: VideoInfo;
}

const JOINTS = Array.from({ length: 7 }, (_, i) => `joint_${i}`);
export const CARTESIAN_AXES = ["x", "y", "z", "roll", "pitch", "yaw"];
/** The controller's action: linear velocity, rotation velocity, gripper velocity, each in [-1, 1]. */
export const ACTION_AXES = [
  "lin_vel_x",
  "lin_vel_y",
  "lin_vel_z",
  "rot_vel_x",
  "rot_vel_y",
  "rot_vel_z",
  "gripper_vel",
];

export const STATE = "observation.state";
export const STATE_CARTESIAN = "observation.state.cartesian_position";
export const ACTION = "action";
export const ACTION_CARTESIAN = "action.cartesian_position";

/** The vector features of every row, in column order, with their axis names. */
export const VECTOR_FEATURES: readonly { key: string; axes: string[] }[] = [
  { key: STATE, axes: [...JOINTS, "gripper"] },
  { key: STATE_CARTESIAN, axes: CARTESIAN_AXES },
  { key: ACTION, axes: ACTION_AXES },
  { key: ACTION_CARTESIAN, axes: CARTESIAN_AXES },
];

/** LeRobot's per-row index columns (all shape [1]). */
export const INDEX_FEATURES: Record<string, Feature> = {
  timestamp: { dtype: "float32", shape: [1], names: null },
  frame_index: { dtype: "int64", shape: [1], names: null },
  episode_index: { dtype: "int64", shape: [1], names: null },
  index: { dtype: "int64", shape: [1], names: null },
  task_index: { dtype: "int64", shape: [1], names: null },
};

export function videoKey(camera: string): string {
  return `observation.images.${camera}`;
}

export interface CameraVideo {
  camera: string;
  info: VideoInfo;
}

export function featureTable(cameras: readonly CameraVideo[]): Record<string, Feature> {
  const table: Record<string, Feature> = {};
  for (const f of VECTOR_FEATURES) {
    table[f.key] = { dtype: "float32", shape: [f.axes.length], names: { axes: [...f.axes] } };
  }
  for (const c of cameras) {
    table[videoKey(c.camera)] = {
      dtype: "video",
      shape: [c.info["video.height"], c.info["video.width"], 3],
      names: ["height", "width", "channels"],
      info: c.info,
    };
  }
  return { ...table, ...INDEX_FEATURES };
}

export function videoKeys(features: Record<string, Feature>): string[] {
  return Object.entries(features)
    .filter(([, f]) => f.dtype === "video")
    .map(([k]) => k);
}
