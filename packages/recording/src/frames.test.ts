import { describe, expect, test } from "bun:test";
import { FR3_READY_JOINTS } from "@teleop/shared/fr3";
import { composePoses, type Pose, quatToMat3RowMajor, rotate } from "@teleop/shared/math";
import {
  BASE_FRAME,
  type FrameTransform,
  fingerPosition,
  jointTransforms,
  staticTransforms,
  TCP_FRAME,
  vrToBaseRotation,
  WORLD_FRAME,
} from "./frames";

function close(a: readonly number[], b: readonly number[]): void {
  for (const [i, x] of a.entries()) expect(x).toBeCloseTo(b[i]!, 4);
}

/** Pose of `frame` in `root` by walking the parent chain. */
function poseIn(all: FrameTransform[], frame: string, root: string): Pose {
  let pose: Pose = { position: [0, 0, 0], orientation: [0, 0, 0, 1] };
  let f = frame;
  while (f !== root) {
    const t = all.find((x) => x.child === f);
    if (!t) throw new Error(`frame ${f} has no parent`);
    pose = composePoses({ position: t.translation, orientation: t.rotation }, pose);
    f = t.parent;
  }
  return pose;
}

describe("TF tree", () => {
  const all = [...staticTransforms(), ...jointTransforms(FR3_READY_JOINTS, 0)];

  test("TCP at the ready pose is REFERENCE 6's check value (0.3069, 0, 0.4869), diag(1,-1,-1)", () => {
    const tcp = poseIn(all, TCP_FRAME, BASE_FRAME);
    close(tcp.position, [0.3069, 0, 0.4869]);
    close(quatToMat3RowMajor(tcp.orientation), [1, 0, 0, 0, -1, 0, 0, 0, -1]);
  });

  test("every frame reaches world and each child has exactly one parent", () => {
    const children = all.map((t) => t.child);
    expect(new Set(children).size).toBe(children.length);
    for (const c of children) expect(() => poseIn(all, c, WORLD_FRAME)).not.toThrow();
  });

  test("VR frame: forward (-Z) is robot +X, up (+Y) is robot +Z, right (+X) is robot -Y", () => {
    const q = vrToBaseRotation();
    close(rotate(q, [0, 0, -1]), [1, 0, 0]);
    close(rotate(q, [0, 1, 0]), [0, 0, 1]);
    close(rotate(q, [1, 0, 0]), [0, -1, 0]);
  });

  test("fingers: open gripper is 0.04 m each side, closed is 0", () => {
    expect(fingerPosition(0)).toBeCloseTo(0.04, 9);
    expect(fingerPosition(1)).toBe(0);
    const fingers = jointTransforms(FR3_READY_JOINTS, 0).slice(7);
    close(fingers[0]!.translation, [0, 0.04, 0.0584]);
    close(fingers[1]!.translation, [0, -0.04, 0.0584]);
  });
});
