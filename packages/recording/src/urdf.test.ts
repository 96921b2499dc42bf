import { describe, expect, test } from "bun:test";
import { FR3_DH, FR3_READY_JOINTS } from "@teleop/shared/fr3";
import {
  composePoses,
  eulerXYZToQuat,
  type Pose,
  quatFromAxisAngle,
  quatToMat3RowMajor,
  type Vec3,
} from "@teleop/shared/math";
import { jointTransforms, staticTransforms } from "./frames";
import { dhOrigin, fr3Urdf } from "./urdf";

interface UrdfJoint {
  name: string;
  type: string;
  parent: string;
  child: string;
  xyz: Vec3;
  rpy: Vec3;
}

const nums = (s: string) => s.trim().split(/\s+/).map(Number) as Vec3;

function joints(urdf: string): UrdfJoint[] {
  const out: UrdfJoint[] = [];
  for (const m of urdf.matchAll(/<joint name="([^"]+)" type="([^"]+)">(.*?)<\/joint>/g)) {
    const body = m[3]!;
    out.push({
      name: m[1]!,
      type: m[2]!,
      parent: body.match(/<parent link="([^"]+)"/)![1]!,
      child: body.match(/<child link="([^"]+)"/)![1]!,
      xyz: nums(body.match(/<origin xyz="([^"]+)"/)![1]!),
      rpy: nums(body.match(/rpy="([^"]+)"/)![1]!),
    });
  }
  return out;
}

describe("generated URDF", () => {
  const urdf = fr3Urdf();
  const js = joints(urdf);

  test("joint 3 origin matches franka_description: xyz (0, -0.316, 0), rpy (pi/2, 0, 0)", () => {
    const o = dhOrigin(FR3_DH[2]!);
    expect(o.xyz[0]).toBeCloseTo(0, 9);
    expect(o.xyz[1]).toBeCloseTo(-0.316, 9);
    expect(o.xyz[2]).toBeCloseTo(0, 9);
    expect(o.rpy).toEqual([Math.PI / 2, 0, 0]);
  });

  test("chaining its joints at the ready pose puts the TCP at REFERENCE 6's check value", () => {
    let pose: Pose = { position: [0, 0, 0], orientation: [0, 0, 0, 1] };
    let frame = "fr3_hand_tcp";
    const q = FR3_READY_JOINTS;
    while (frame !== "base") {
      const j = js.find((x) => x.child === frame)!;
      const i = Number(j.name.match(/^fr3_joint(\d)$/)?.[1] ?? 0) - 1;
      const turn = j.type === "revolute" ? quatFromAxisAngle([0, 0, 1], q[i]!) : [0, 0, 0, 1];
      const origin: Pose = { position: j.xyz, orientation: eulerXYZToQuat(j.rpy) };
      const local = composePoses(origin, {
        position: [0, 0, 0],
        orientation: turn as Pose["orientation"],
      });
      pose = composePoses(local, pose);
      frame = j.parent;
    }
    expect(pose.position[0]).toBeCloseTo(0.3069, 4);
    expect(pose.position[1]).toBeCloseTo(0, 4);
    expect(pose.position[2]).toBeCloseTo(0.4869, 4);
    const r = quatToMat3RowMajor(pose.orientation);
    for (const [k, x] of [1, 0, 0, 0, -1, 0, 0, 0, -1].entries()) expect(r[k]!).toBeCloseTo(x, 4);
  });

  test("its links are exactly the frames of the TF tree below base", () => {
    const links = [...urdf.matchAll(/<link name="([^"]+)"/g)].map((m) => m[1]!).sort();
    const tf = [...staticTransforms(), ...jointTransforms([0, 0, 0, 0, 0, 0, 0], 0)];
    const frames = new Set(["base", ...tf.map((t) => t.child)]);
    frames.delete("vr");
    expect(links).toEqual([...frames].sort());
  });

  test("revolute joints carry the FR3 limits", () => {
    expect(urdf).toContain('<limit lower="-2.7437" upper="2.7437" effort="87" velocity="2.62"/>');
    expect(urdf).toContain('<limit lower="-3.0421" upper="-0.1518"');
    expect(js.filter((j) => j.type === "revolute")).toHaveLength(7);
  });
});
