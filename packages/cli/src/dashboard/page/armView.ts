/**
 * The arm, its target and the controllers as a projected stick figure on a
 * canvas: FR3 forward kinematics of the measured joints (packages/shared),
 * drawn from a fixed three-quarter view. The projection is pure and tested;
 * drawing is the canvas part.
 */
import { fr3LinkTransforms } from "@teleop/shared/fr3";
import type { ArmView } from "../DashboardModel";

export type P3 = [number, number, number];

/** Base-frame points of the stick figure: base, link1..link7, flange, TCP. */
export function armPoints(joints: readonly number[]): P3[] {
  return [[0, 0, 0], ...fr3LinkTransforms(joints).map((m): P3 => [m[12]!, m[13]!, m[14]!])];
}

/** A VR-frame position (OpenXR: +x right, +y up, -z forward) in robot-like axes (x forward, y left, z up). */
export function vrToRobotAxes(p: readonly number[]): P3 {
  return [-(p[2] ?? 0), -(p[0] ?? 0), p[1] ?? 0];
}

const AZIMUTH = (-35 * Math.PI) / 180;
const ELEVATION = (20 * Math.PI) / 180;

/** View-plane coordinates (right, up) of a base-frame point, looking from the front-left, slightly above. */
export function project(p: readonly number[]): [number, number] {
  const [x, y, z] = [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
  const right = Math.sin(AZIMUTH) * x + Math.cos(AZIMUTH) * y;
  const depth = Math.cos(AZIMUTH) * x - Math.sin(AZIMUTH) * y;
  return [-right, z * Math.cos(ELEVATION) - depth * Math.sin(ELEVATION)];
}

interface Style {
  arm: string;
  target: string;
  tcp: string;
  controller: string;
  grid: string;
  text: string;
}

const LIVE: Style = {
  arm: "#2b3a55",
  target: "#e07b00",
  tcp: "#148a3a",
  controller: "#7a3fc0",
  grid: "#d9dde5",
  text: "#5a6275",
};
const GREY: Style = { ...LIVE, arm: "#aab", target: "#bbb", tcp: "#bbb", controller: "#bbb" };

/** Draws the view; returns how many points it placed (the test reads it). */
export function drawArm(canvas: HTMLCanvasElement, arm: ArmView, live: boolean): number {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
  if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
  const g = canvas.getContext("2d");
  if (!g) return 0;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const s = live ? LIVE : GREY;

  const links = arm.joints ? armPoints(arm.joints) : [];
  const controllers = arm.controllers.map((c) => ({ hand: c.hand, p: vrToRobotAxes(c.position) }));
  const floor: P3[] = [];
  for (let i = -2; i <= 8; i += 2) floor.push([i / 10, -0.5, 0], [i / 10, 0.5, 0]);
  for (let j = -5; j <= 5; j += 2.5) floor.push([-0.2, j / 10, 0], [0.8, j / 10, 0]);
  const all = [
    ...floor,
    ...links,
    ...controllers.map((c) => c.p),
    ...(arm.target ? [arm.target as P3] : []),
    ...(arm.measured ? [arm.measured as P3] : []),
  ].map(project);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((w - 24) / (x1 - x0 || 1), (h - 24) / (y1 - y0 || 1));
  const at = (p: readonly number[]): [number, number] => {
    const [u, v] = project(p);
    return [12 + (u - x0) * scale + (w - 24 - (x1 - x0) * scale) / 2, h - 12 - (v - y0) * scale];
  };

  g.strokeStyle = s.grid;
  g.lineWidth = 1;
  for (let i = 0; i < floor.length; i += 2) line(g, at(floor[i]!), at(floor[i + 1]!));

  let points = 0;
  g.strokeStyle = s.arm;
  g.fillStyle = s.arm;
  g.lineWidth = 5;
  g.lineCap = "round";
  for (let i = 1; i < links.length; i++) line(g, at(links[i - 1]!), at(links[i]!));
  for (const p of links) {
    dot(g, at(p), 3.5);
    points++;
  }
  if (arm.measured) {
    g.fillStyle = s.tcp;
    dot(g, at(arm.measured), 5);
    points++;
  }
  if (arm.target) {
    g.strokeStyle = s.target;
    g.lineWidth = 2.5;
    g.beginPath();
    const [tx, ty] = at(arm.target);
    g.arc(tx, ty, 8, 0, 2 * Math.PI);
    g.stroke();
    points++;
  }
  g.fillStyle = s.controller;
  g.font = "11px system-ui, sans-serif";
  for (const c of controllers) {
    const [cx, cy] = at(c.p);
    g.fillRect(cx - 4, cy - 4, 8, 8);
    g.fillText(c.hand === "right" ? "R" : "L", cx + 6, cy - 4);
    points++;
  }
  if (!live || points === 0) {
    g.fillStyle = s.text;
    g.fillText(points === 0 ? "no arm data" : "stale", 10, 16);
  }
  return points;
}

function line(g: CanvasRenderingContext2D, a: [number, number], b: [number, number]): void {
  g.beginPath();
  g.moveTo(a[0], a[1]);
  g.lineTo(b[0], b[1]);
  g.stroke();
}

function dot(g: CanvasRenderingContext2D, p: [number, number], r: number): void {
  g.beginPath();
  g.arc(p[0], p[1], r, 0, 2 * Math.PI);
  g.fill();
}
