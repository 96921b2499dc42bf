/**
 * From a raw controller pose (VR frame) to the pose the control law uses
 * (robot frame): T = F . M . G . P, vr_pos = spatial_coeff . T[:3,3],
 * vr_quat = quat(T[:3,:3]) (REFERENCE section 4; F is the forward-direction
 * rotation, identity until that calibration is done). Also the seed's two
 * optional details: the labelbox rotation mode and the per-axis dead zone.
 */
import {
  type Mat4,
  mat4Multiply,
  mat4ToPose,
  type Pose,
  poseToMat4,
  type Quat,
  quatFromAxisAngle,
  quatInvert,
  quatMultiply,
  quatNormalize,
  type Vec3,
} from "@teleop/shared/math";

export interface FrameCalibration {
  g: Pose;
  forward: Quat;
}

export function vrInRobotFrame(
  raw: Pose,
  cal: FrameCalibration,
  reorder: Mat4,
  spatialCoeff: number,
): Pose {
  const f = poseToMat4({ position: [0, 0, 0], orientation: cal.forward });
  const t = mat4Multiply(
    f,
    mat4Multiply(reorder, mat4Multiply(poseToMat4(cal.g), poseToMat4(raw))),
  );
  const pose = mat4ToPose(t);
  const [x, y, z] = pose.position;
  return {
    position: [x * spatialCoeff, y * spatialCoeff, z * spatialCoeff],
    orientation: pose.orientation,
  };
}

/**
 * The seed's "labelbox" rotation: the controller's rotation relative to a
 * neutral orientation, in its own frame, as axis-angle with the axis remapped
 * to [-ay, ax, az].
 */
export function labelboxRotation(neutral: Quat, current: Quat): Quat {
  let rel = quatNormalize(quatMultiply(quatInvert(neutral), current));
  if (rel[3] < 0) rel = [-rel[0], -rel[1], -rel[2], -rel[3]];
  const s = Math.hypot(rel[0], rel[1], rel[2]);
  if (s < 1e-12) return [0, 0, 0, 1];
  const angle = 2 * Math.atan2(s, rel[3]);
  const axis: Vec3 = [rel[0] / s, rel[1] / s, rel[2] / s];
  return quatFromAxisAngle([-axis[1], axis[0], axis[2]], angle);
}

/** Per-axis dead zone: an axis that changed less than `dz` since the last output keeps its old value. */
export function applyDeadZone(last: Vec3, next: Vec3, dz: number): Vec3 {
  return [0, 1, 2].map((i) => (Math.abs(next[i]! - last[i]!) < dz ? last[i]! : next[i]!)) as Vec3;
}
