import { describe, expect, test } from "bun:test";
import { SceneStateMsg } from "@teleop/shared/cameraMessages";
import type { Pose, Vec3 } from "@teleop/shared/math";
import { CUBE_SIZE_M, CUBE_START, SimWorld, STAND, supportHeight } from "./SimWorld";

const down: Pose["orientation"] = [1, 0, 0, 0];
const at = (p: Vec3): Pose => ({ position: p, orientation: down });
const OPEN = 0.08;
const DT = 0.05;

/** Close the fingers from open to past the cube's width at `tcp`. */
function close(w: SimWorld, tcp: Pose): number {
  let width = OPEN;
  while (width > 0) {
    const next = Math.max(0, width - 0.005);
    width = w.step(tcp, width, next, true, DT);
    if (width === CUBE_SIZE_M) break;
  }
  return width;
}

describe("sim world", () => {
  test("the cube waits on its stand, at rest", () => {
    const w = new SimWorld();
    for (let i = 0; i < 20; i++) w.step(at([0.3, 0, 0.4]), OPEN, OPEN, false, DT);
    expect(w.cube.position).toEqual(CUBE_START);
    expect(supportHeight(STAND.center[0], STAND.center[1]) + CUBE_SIZE_M / 2).toBeCloseTo(
      CUBE_START[2],
      9,
    );
  });

  test("fingers closing within 2 cm grasp it; it follows the hand; opening drops it on the table", () => {
    const w = new SimWorld();
    const grasp: Vec3 = [CUBE_START[0] + 0.01, CUBE_START[1], CUBE_START[2] + 0.01];
    expect(close(w, at(grasp))).toBe(CUBE_SIZE_M);
    expect(w.grasped).toBe(true);
    expect(w.grasps).toBe(1);

    const carried: Vec3 = [grasp[0], grasp[1] + 0.25, grasp[2] + 0.1];
    w.step(at(carried), CUBE_SIZE_M, 0, true, DT);
    // The offset from the TCP at the grasp is kept.
    expect(w.cube.position[0]).toBeCloseTo(carried[0] - 0.01, 9);
    expect(w.cube.position[1]).toBeCloseTo(carried[1], 9);
    expect(w.cube.position[2]).toBeCloseTo(carried[2] - 0.01, 9);

    for (let i = 0; i < 40; i++) w.step(at(carried), CUBE_SIZE_M, OPEN, false, DT);
    expect(w.grasped).toBe(false);
    expect(w.cube.position[2]).toBeCloseTo(CUBE_SIZE_M / 2, 9);
    expect(w.cube.position[1]).toBeCloseTo(carried[1], 9);
    const scene = w.scene(7, 1000);
    expect(SceneStateMsg.check(scene)).toBe(true);
    expect(scene.objects.find((o) => o.id === "cube")).toMatchObject({ grasped: false });
  });

  test("no grasp 3 cm away, nor by touching it with a gripper already closed", () => {
    const far = new SimWorld();
    close(far, at([CUBE_START[0], CUBE_START[1] + 0.03, CUBE_START[2]]));
    expect(far.grasped).toBe(false);

    const closed = new SimWorld();
    for (let i = 0; i < 5; i++) closed.step(at(CUBE_START), 0, 0, true, DT);
    expect(closed.grasped).toBe(false);
    expect(closed.cube.position).toEqual(CUBE_START);
  });
});
