import { expect, test } from "bun:test";
import { FR3_RESET_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import { armPoints, project, vrToRobotAxes } from "./armView";

test("the stick figure ends at the FK TCP and starts at the base", () => {
  const pts = armPoints(FR3_RESET_JOINTS);
  expect(pts).toHaveLength(10);
  expect(pts[0]).toEqual([0, 0, 0]);
  const tcp = fr3ForwardKinematics(FR3_RESET_JOINTS).position;
  for (let i = 0; i < 3; i++) expect(pts[9]![i]!).toBeCloseTo(tcp[i]!, 9);
});

test("up is up on screen; VR axes map to forward, left, up", () => {
  const [, low] = project([0, 0, 0]);
  const [, high] = project([0, 0, 1]);
  expect(high).toBeGreaterThan(low);
  expect(vrToRobotAxes([0.1, 1.2, -0.5])).toEqual([0.5, -0.1, 1.2]);
});
