import { describe, expect, test } from "bun:test";
import {
  FR3_JOINT_MAX,
  FR3_JOINT_MIN,
  FR3_READY_JOINTS,
  FR3_RESET_JOINTS,
  FR3_VELOCITY_LIMIT,
  fr3ForwardKinematics,
} from "@teleop/shared/fr3";
import { type Pose, quatFromAxisAngle, quatMultiply } from "@teleop/shared/math";
import { mulberry32 } from "@teleop/shared/prng";
import { ikStep, jacobian, poseError, solve } from "./ik";

const DT = 0.05;

function within(q: readonly number[]): boolean {
  return q.every((x, i) => x >= FR3_JOINT_MIN[i]! && x <= FR3_JOINT_MAX[i]!);
}

/** Run IK steps from q0 toward target; checks limits on every step. */
function drive(q0: readonly number[], target: Pose, steps: number): number[] {
  let q = [...q0];
  for (let s = 0; s < steps; s++) {
    const next = ikStep(q, target, DT);
    expect(within(next)).toBe(true);
    next.forEach((x, i) => {
      expect(Math.abs(x - q[i]!) / DT).toBeLessThanOrEqual(FR3_VELOCITY_LIMIT[i]! * (1 + 1e-9));
    });
    q = next;
  }
  return q;
}

function errors(q: readonly number[], target: Pose): { pos: number; rot: number } {
  const e = poseError(fr3ForwardKinematics(q), target);
  return { pos: Math.hypot(e[0]!, e[1]!, e[2]!), rot: Math.hypot(e[3]!, e[4]!, e[5]!) };
}

describe("pose error", () => {
  test("translation difference and a 90 degree turn about z as a rotation vector", () => {
    const a: Pose = { position: [0.1, 0.2, 0.3], orientation: [0, 0, 0, 1] };
    const b: Pose = {
      position: [0.4, 0.2, 0.1],
      orientation: quatFromAxisAngle([0, 0, 1], Math.PI / 2),
    };
    const e = poseError(a, b);
    const want = [0.3, 0, -0.2, 0, 0, Math.PI / 2];
    e.forEach((x, i) => {
      expect(x).toBeCloseTo(want[i]!, 12);
    });
  });

  test("q and -q are the same orientation: zero error", () => {
    const q = quatFromAxisAngle([1, 2, 3], 0.7);
    const e = poseError(
      { position: [0, 0, 0], orientation: q },
      { position: [0, 0, 0], orientation: [-q[0], -q[1], -q[2], -q[3]] },
    );
    for (const x of e) expect(Math.abs(x)).toBeLessThan(1e-12);
  });
});

describe("Jacobian", () => {
  test("matches finite differences of forward kinematics", () => {
    const q = [...FR3_RESET_JOINTS];
    const { J } = jacobian(q);
    const base = fr3ForwardKinematics(q);
    const h = 1e-6;
    for (let i = 0; i < 7; i++) {
      const qh = [...q];
      qh[i]! += h;
      // poseError(base, moved) / h is the twist caused by joint i.
      const d = poseError(base, fr3ForwardKinematics(qh)).map((x) => x / h);
      for (let r = 0; r < 6; r++) expect(Math.abs(J[r]![i]! - d[r]!)).toBeLessThan(1e-5);
    }
  });

  test("solve() solves a hand-checked 3x3 system", () => {
    // 2x + y = 5, x + 3y + z = 7.5, y + 4z = 11  ->  x = 2, y = 1, z = 2.5
    const x = solve(
      [
        [2, 1, 0],
        [1, 3, 1],
        [0, 1, 4],
      ],
      [5, 7.5, 11],
    );
    [2, 1, 2.5].forEach((v, i) => {
      expect(x[i]!).toBeCloseTo(v, 12);
    });
  });
});

describe("damped-least-squares IK", () => {
  test("reaches 20 reachable targets within 1 mm / 0.01 rad, inside joint and velocity limits", () => {
    const rand = mulberry32(42);
    for (let k = 0; k < 20; k++) {
      const goal = FR3_RESET_JOINTS.map((x, i) =>
        Math.min(
          FR3_JOINT_MAX[i]! - 0.05,
          Math.max(FR3_JOINT_MIN[i]! + 0.05, x + (rand() - 0.5) * 1.2),
        ),
      );
      const target = fr3ForwardKinematics(goal);
      const q = drive(FR3_RESET_JOINTS, target, 200);
      const e = errors(q, target);
      expect(e.pos).toBeLessThan(0.001);
      expect(e.rot).toBeLessThan(0.01);
    }
  });

  test("a Cartesian move: 10 cm forward and 20 degrees about the tool axis from home", () => {
    const home = fr3ForwardKinematics(FR3_RESET_JOINTS);
    const target: Pose = {
      position: [home.position[0] + 0.1, home.position[1], home.position[2]],
      orientation: quatMultiply(
        home.orientation,
        quatFromAxisAngle([0, 0, 1], (20 * Math.PI) / 180),
      ),
    };
    const e = errors(drive(FR3_RESET_JOINTS, target, 100), target);
    expect(e.pos).toBeLessThan(0.001);
    expect(e.rot).toBeLessThan(0.01);
  });

  test("an unreachable target 2 m away: the arm stretches toward it, never past a limit, no NaN", () => {
    const target: Pose = { position: [2, 0.5, 0.3], orientation: [1, 0, 0, 0] };
    const q = drive(FR3_READY_JOINTS, target, 300);
    expect(q.every(Number.isFinite)).toBe(true);
    const reach = fr3ForwardKinematics(q).position;
    // Closer than where it started, and no further than the arm's length (~1.1 m).
    expect(Math.hypot(reach[0] - 2, reach[1] - 0.5, reach[2] - 0.3)).toBeLessThan(
      Math.hypot(0.3069 - 2, -0.5, 0.4869 - 0.3),
    );
    expect(Math.hypot(...reach)).toBeLessThan(1.2);
  });
});
