/**
 * What the simulated cameras see, as boxes: the FR3 (a box along each link
 * between consecutive joint origins of the shared forward kinematics, the
 * hand and its two fingers at the measured opening), the objects of the
 * simulated world (teleop.sim.scene: table, stand, cube), and a floor.
 * Also where a camera is: fixed in `base`, or on the hand (`fr3_hand`).
 */
import { FINGER_OFFSET_Z, fingerPosition, HAND_FRAME } from "@teleop/recording/frames";
import type { CameraMount, SceneObject } from "@teleop/shared/cameraMessages";
import { FR3_HAND_TCP_D, FR3_RESET_JOINTS, fr3LinkTransforms } from "@teleop/shared/fr3";
import { type Mat4, mat4Invert, mat4Multiply, poseToMat4, type Vec3 } from "@teleop/shared/math";
import type { Box } from "./Rasterizer";

const LINK_RGB = [232, 232, 236] as const;
const JOINT_RGB = [70, 72, 78] as const;
const HAND_RGB = [235, 235, 240] as const;
const FINGER_RGB = [40, 40, 44] as const;
const FLOOR: Box = {
  pose: translation([0.5, 0, -0.8]),
  size: [8, 8, 0.02],
  rgb: [105, 110, 118],
};
const OBJECT_RGB: Record<string, readonly [number, number, number]> = {
  table: [168, 128, 86],
  stand: [120, 124, 134],
  cube: [210, 40, 36],
};
const OTHER_RGB = [40, 90, 200] as const;

function translation(p: Vec3): Mat4 {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, p[0], p[1], p[2], 1];
}

const originOf = (m: Mat4): Vec3 => [m[12]!, m[13]!, m[14]!];

/** A box of square cross-section `thick` from a to b (undefined when they coincide). */
function segment(a: Vec3, b: Vec3, thick: number): Box | undefined {
  const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const len = Math.hypot(...d);
  if (len < 1e-4) return undefined;
  const z: Vec3 = [d[0] / len, d[1] / len, d[2] / len];
  const helper: Vec3 = Math.abs(z[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const xr: Vec3 = [
    helper[1] * z[2] - helper[2] * z[1],
    helper[2] * z[0] - helper[0] * z[2],
    helper[0] * z[1] - helper[1] * z[0],
  ];
  const xn = Math.hypot(...xr);
  const x: Vec3 = [xr[0] / xn, xr[1] / xn, xr[2] / xn];
  const y: Vec3 = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
  const c: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  return {
    pose: [...x, 0, ...y, 0, ...z, 0, ...c, 1],
    size: [thick, thick, len],
    rgb: LINK_RGB,
  };
}

/** The hand frame (fr3_hand) in the base frame: the TCP moved back along its z. */
export function handTransform(links: Mat4[]): Mat4 {
  return mat4Multiply(links[8]!, translation([0, 0, -FR3_HAND_TCP_D]));
}

/** The arm as boxes at joint positions `q` with the gripper at `gripper` (0 open .. 1 closed). */
export function armBoxes(q: readonly number[] = FR3_RESET_JOINTS, gripper = 0): Box[] {
  const links = fr3LinkTransforms(q);
  const origins: Vec3[] = [[0, 0, 0], ...links.slice(0, 8).map(originOf)];
  const boxes: Box[] = [];
  origins.forEach((o, i) => {
    const next = origins[i + 1];
    const thick = i < 4 ? 0.11 : 0.085;
    if (next) {
      const s = segment(o, next, thick);
      if (s) boxes.push(s);
    }
    const j = thick * 1.2;
    boxes.push({ pose: translation(o), size: [j, j, j], rgb: JOINT_RGB });
  });
  const hand = handTransform(links);
  const inHand = (p: Vec3) => mat4Multiply(hand, translation(p));
  boxes.push({ pose: inHand([0, 0, 0.03]), size: [0.06, 0.2, 0.06], rgb: HAND_RGB });
  const f = fingerPosition(gripper);
  for (const side of [1, -1]) {
    boxes.push({
      pose: inHand([0, side * (f + 0.01), FINGER_OFFSET_Z + 0.025]),
      size: [0.02, 0.02, 0.05],
      rgb: FINGER_RGB,
    });
  }
  return boxes;
}

export function objectBoxes(objects: readonly SceneObject[]): Box[] {
  return objects.map((o) => ({
    pose: poseToMat4(o.pose),
    size: o.size,
    rgb: OBJECT_RGB[o.id] ?? OTHER_RGB,
  }));
}

export function sceneBoxes(
  q: readonly number[] | undefined,
  gripper: number,
  objects: readonly SceneObject[],
): Box[] {
  return [FLOOR, ...objectBoxes(objects), ...armBoxes(q, gripper)];
}

/**
 * World (base) to camera transform of a camera on `mount`; a wrist camera
 * (parent fr3_hand) moves with the joints `q`.
 */
export function viewMatrix(mount: CameraMount, q: readonly number[] = FR3_RESET_JOINTS): Mat4 {
  const inParent = poseToMat4({ position: mount.translation, orientation: mount.rotation });
  if (mount.parent !== HAND_FRAME) return mat4Invert(inParent);
  return mat4Invert(mat4Multiply(handTransform(fr3LinkTransforms(q)), inParent));
}

/** Parents a sim camera can be mounted on. */
export const SIM_MOUNT_PARENTS = ["base", HAND_FRAME];
