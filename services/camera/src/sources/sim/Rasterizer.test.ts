import { expect, test } from "bun:test";
import { FR3_RESET_JOINTS } from "@teleop/shared/fr3";
import type { Mat4 } from "@teleop/shared/math";
import { pinholeFromFov } from "../../cameraInfo";
import { Rasterizer } from "./Rasterizer";
import { armBoxes, sceneBoxes, viewMatrix } from "./simScene";

const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const at = (x: number, y: number, z: number): Mat4 => [
  1,
  0,
  0,
  0,
  0,
  1,
  0,
  0,
  0,
  0,
  1,
  0,
  x,
  y,
  z,
  1,
];

const depthAt = (r: Rasterizer, x: number, y: number) => {
  const d = new Uint16Array(r.depthMm().buffer);
  return d[y * r.width + x]!;
};

test("a box 2 m in front: drawn in the middle at 1.9 m (its near face), nothing around it; the nearer box hides the farther", () => {
  const r = new Rasterizer(64, 48, pinholeFromFov(64, 48, 60));
  r.render(IDENTITY, [{ pose: at(0, 0, 2), size: [0.4, 0.4, 0.2], rgb: [200, 0, 0] }]);
  expect(depthAt(r, 32, 24)).toBe(1900);
  expect(depthAt(r, 0, 0)).toBe(0);
  const centre = (24 * 64 + 32) * 3;
  expect(r.rgb[centre]!).toBeGreaterThan(50);
  expect(r.rgb[centre + 1]).toBe(0);
  r.render(IDENTITY, [
    { pose: at(0, 0, 2), size: [0.4, 0.4, 0.2], rgb: [200, 0, 0] },
    { pose: at(0, 0, 1), size: [0.1, 0.1, 0.1], rgb: [0, 0, 200] },
  ]);
  expect(depthAt(r, 32, 24)).toBe(950);
  expect(r.rgb[centre]).toBe(0);
});

test("a box reaching behind the camera is clipped at the near plane and drawn where it is in front", () => {
  const r = new Rasterizer(64, 48, pinholeFromFov(64, 48, 60));
  // Its face at x = 0.05 runs from 0.5 m behind the camera to 0.6 m in front.
  r.render(IDENTITY, [{ pose: at(0.15, 0, 0.05), size: [0.2, 0.2, 1.1], rgb: [0, 200, 0] }]);
  const fx = 32 / Math.tan(Math.PI / 6);
  const u = Math.floor((fx * 0.05) / 0.3 + 32);
  expect(Math.abs(depthAt(r, u, 24) - 300)).toBeLessThan(15);
  expect(depthAt(r, 20, 24)).toBe(0);
});

test("the arm's picture changes with its joints; the wrist camera moves with the hand", () => {
  const k = pinholeFromFov(80, 60, 60);
  const r = new Rasterizer(80, 60, k);
  const mount = {
    parent: "base",
    translation: [1.55, -0.95, 0.95] as [number, number, number],
    rotation: [-0.7682, -0.3389, 0.2192, 0.4969] as [number, number, number, number],
  };
  const q1 = [...FR3_RESET_JOINTS];
  q1[0]! += 0.8;
  r.render(viewMatrix(mount), sceneBoxes(FR3_RESET_JOINTS, 0, []));
  const a = r.rgb.slice();
  r.render(viewMatrix(mount), sceneBoxes(q1, 0, []));
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== r.rgb[i]) changed++;
  expect(changed).toBeGreaterThan(a.length / 50);
  const wrist = {
    parent: "fr3_hand",
    translation: [0.07, 0, 0.065] as [number, number, number],
    rotation: [0, 0, 0, 1] as [number, number, number, number],
  };
  expect(viewMatrix(wrist, q1)).not.toEqual(viewMatrix(wrist, FR3_RESET_JOINTS));
  // Open fingers are further apart than closed ones.
  const fingerY = (g: number) =>
    armBoxes(FR3_RESET_JOINTS, g)
      .slice(-2)
      .map((b) => b.pose.slice(12, 15));
  const gap = (g: number) => Math.hypot(...fingerY(g)[0]!.map((x, i) => x - fingerY(g)[1]![i]!));
  expect(gap(0)).toBeCloseTo(gap(1) + 0.08, 6);
});
