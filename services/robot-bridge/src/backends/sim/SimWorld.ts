/**
 * The simulated world around the sim arm, without timers: a table whose top
 * is the base frame's z = 0, a small stand, and a cube on the stand where the
 * scripted `pick-place` operator closes the gripper. The cube attaches to the
 * hand when the fingers close on it within GRASP_DISTANCE_M of its centre,
 * follows the hand, and falls onto whatever is below it when the gripper
 * opens. Its state is published as SceneState (teleop.sim.scene).
 */

import type { SceneObject, SceneState } from "@teleop/shared/cameraMessages";
import {
  composePoses,
  invertPose,
  norm,
  type Pose,
  type Quat,
  quatFromAxisAngle,
  quatToEulerXYZ,
  sub,
  type Vec3,
} from "@teleop/shared/math";

export const GRASP_DISTANCE_M = 0.02;
export const CUBE_SIZE_M = 0.05;
const GRAVITY_M_S2 = 9.81;

interface Box {
  id: string;
  center: Vec3;
  size: Vec3;
}

/** Table top at z = 0 (the arm stands on it); its extent in x and y. */
export const TABLE: Box = { id: "table", center: [0.35, 0, -0.02], size: [1.2, 1.4, 0.04] };
/**
 * Where pick-place's grasp happens: the TCP at the moment the fingers reach
 * the cube's width (measured from `make demo`'s robot state). The stand lifts
 * the cube to that height.
 */
export const CUBE_START: Vec3 = [0.654, 0.032, 0.149];
const STAND_TOP = CUBE_START[2] - CUBE_SIZE_M / 2;
export const STAND: Box = {
  id: "stand",
  center: [CUBE_START[0], CUBE_START[1], STAND_TOP / 2],
  size: [0.08, 0.08, STAND_TOP],
};

const IDENTITY: Quat = [0, 0, 0, 1];

const inside = (b: Box, x: number, y: number) =>
  Math.abs(x - b.center[0]) <= b.size[0] / 2 && Math.abs(y - b.center[1]) <= b.size[1] / 2;

/** Height of the highest surface under (x, y): the stand, the table, else the floor far below. */
export function supportHeight(x: number, y: number): number {
  if (inside(STAND, x, y)) return STAND.center[2] + STAND.size[2] / 2;
  if (inside(TABLE, x, y)) return TABLE.center[2] + TABLE.size[2] / 2;
  return -0.75;
}

export class SimWorld {
  cube: Pose = { position: [...CUBE_START], orientation: IDENTITY };
  /** Cube pose in the TCP frame while grasped. */
  private held: Pose | undefined;
  private fallSpeed = 0;
  grasps = 0;

  get grasped(): boolean {
    return this.held !== undefined;
  }

  /**
   * Advance dt seconds after the arm moved: `tcp` is the hand TCP, `width`
   * the finger opening before and after the step, `closing` whether the
   * gripper is commanded closed. Returns the finger width the cube allows
   * (fingers stop on a held cube).
   */
  step(tcp: Pose, widthBefore: number, widthAfter: number, closing: boolean, dt: number): number {
    if (this.held && !closing) {
      this.held = undefined;
      this.fallSpeed = 0;
      // A dropped cube lands flat: keep only its turn about the vertical.
      this.cube = {
        position: this.cube.position,
        orientation: quatFromAxisAngle([0, 0, 1], quatToEulerXYZ(this.cube.orientation)[2]),
      };
    }
    if (
      !this.held &&
      closing &&
      widthBefore > CUBE_SIZE_M &&
      widthAfter <= CUBE_SIZE_M &&
      norm(sub(tcp.position, this.cube.position)) <= GRASP_DISTANCE_M
    ) {
      this.held = composePoses(invertPose(tcp), this.cube);
      this.grasps++;
    }
    if (this.held) {
      this.cube = composePoses(tcp, this.held);
      return Math.max(widthAfter, CUBE_SIZE_M);
    }
    this.fall(dt);
    return widthAfter;
  }

  private fall(dt: number): void {
    const [x, y, z] = this.cube.position;
    const rest = supportHeight(x, y) + CUBE_SIZE_M / 2;
    if (z <= rest) {
      this.fallSpeed = 0;
      return;
    }
    this.fallSpeed += GRAVITY_M_S2 * dt;
    this.cube = {
      position: [x, y, Math.max(rest, z - this.fallSpeed * dt)],
      orientation: this.cube.orientation,
    };
  }

  scene(seq: number, t: number): SceneState {
    const fixed = (b: Box): SceneObject => ({
      id: b.id,
      pose: { position: [...b.center], orientation: IDENTITY },
      size: [...b.size],
      grasped: false,
    });
    return {
      v: 1,
      seq,
      t,
      frameId: "base",
      objects: [
        fixed(TABLE),
        fixed(STAND),
        {
          id: "cube",
          pose: this.cube,
          size: [CUBE_SIZE_M, CUBE_SIZE_M, CUBE_SIZE_M],
          grasped: this.grasped,
        },
      ],
    };
  }
}
