import { describe, expect, test } from "bun:test";
import {
  composePoses,
  eulerXYZToQuat,
  invertPose,
  mat3RowMajorToQuat,
  mat4FromRowMajor,
  mat4ToPose,
  poseToMat4,
  quatAngle,
  quatBetween,
  quatDiff,
  quatFromAxisAngle,
  quatMultiply,
  quatToEulerXYZ,
  quatToMat3RowMajor,
  rotate,
  type Vec3,
} from "./math";

const S = Math.SQRT1_2;
const close = (a: readonly number[], b: readonly number[], eps = 1e-9) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    expect(Math.abs(x - b[i]!)).toBeLessThan(eps);
  });
};

describe("quaternions (x, y, z, w)", () => {
  test("90 degrees about z is (0, 0, sin45, cos45) and turns +X into +Y", () => {
    const q = quatFromAxisAngle([0, 0, 1], Math.PI / 2);
    close(q, [0, 0, S, S]);
    close(rotate(q, [1, 0, 0]), [0, 1, 0]);
  });

  test("composition applies the right factor first", () => {
    const qz = quatFromAxisAngle([0, 0, 1], Math.PI / 2);
    const qx = quatFromAxisAngle([1, 0, 0], Math.PI / 2);
    // qz * qx: first about x (Y -> Z), then about z (Z stays Z).
    close(rotate(quatMultiply(qz, qx), [0, 1, 0]), [0, 0, 1]);
  });

  test("quatDiff(a, b) = a . b^-1 recovers the relative rotation", () => {
    const b = quatFromAxisAngle([0, 1, 0], 0.3);
    const rel = quatFromAxisAngle([1, 0, 0], 0.2);
    close(quatDiff(quatMultiply(rel, b), b), rel);
    expect(quatAngle(rel)).toBeCloseTo(0.2, 12);
  });

  test("quatBetween maps one direction onto another", () => {
    const q = quatBetween([0, 0, -1], [1, 0, 0]);
    close(rotate(q, [0, 0, -1]), [1, 0, 0]);
  });
});

describe("euler xyz (extrinsic, scipy 'xyz')", () => {
  test("single-axis rotations give that angle alone", () => {
    close(quatToEulerXYZ(quatFromAxisAngle([1, 0, 0], 0.5)), [0.5, 0, 0]);
    close(quatToEulerXYZ(quatFromAxisAngle([0, 1, 0], -0.4)), [0, -0.4, 0]);
    close(quatToEulerXYZ(quatFromAxisAngle([0, 0, 1], 1.2)), [0, 0, 1.2]);
  });

  test("R = Rz(yaw) Ry(pitch) Rx(roll): x then y then z about fixed axes", () => {
    const e: Vec3 = [0.1, 0.2, 0.3];
    const manual = quatMultiply(
      quatFromAxisAngle([0, 0, 1], 0.3),
      quatMultiply(quatFromAxisAngle([0, 1, 0], 0.2), quatFromAxisAngle([1, 0, 0], 0.1)),
    );
    close(eulerXYZToQuat(e), manual);
    close(quatToEulerXYZ(manual), e);
  });

  test("q = (0.1, 0.2, 0.3, w): angles worked out from the rotation matrix by hand", () => {
    // r32 = 2(yz + xw), r33 = 1 - 2(x^2 + y^2), r31 = 2(xz - yw), r21 = 2(xy + zw), r11 = 1 - 2(y^2 + z^2);
    // roll = atan2(r32, r33), pitch = asin(-r31), yaw = atan2(r21, r11), evaluated with numpy.
    close(
      quatToEulerXYZ([0.1, 0.2, 0.3, 0.9273618495495703]),
      [0.32721290587693747, 0.31618688617375923, 0.6783700343951775],
      1e-12,
    );
  });
});

describe("matrices", () => {
  test("rotation matrix of 90 degrees about z, row-major", () => {
    close(
      quatToMat3RowMajor(quatFromAxisAngle([0, 0, 1], Math.PI / 2)),
      [0, -1, 0, 1, 0, 0, 0, 0, 1],
    );
    close(mat3RowMajorToQuat([1, 0, 0, 0, -1, 0, 0, 0, -1]), [1, 0, 0, 0]);
  });

  test("row-major 4x4 with translation at 3, 7, 11 becomes a pose", () => {
    const m = mat4FromRowMajor([1, 0, 0, 0.1, 0, 1, 0, 0.2, 0, 0, 1, -0.3, 0, 0, 0, 1]);
    const p = mat4ToPose(m);
    close(p.position, [0.1, 0.2, -0.3]);
    close(p.orientation, [0, 0, 0, 1]);
  });

  test("pose -> matrix -> pose, and a pose composed with its inverse is identity", () => {
    const p = {
      position: [0.3, -0.1, 0.5] as Vec3,
      orientation: quatFromAxisAngle([1, 2, 3], 0.7),
    };
    const back = mat4ToPose(poseToMat4(p));
    close(back.position, p.position);
    close(back.orientation, p.orientation);
    const id = composePoses(p, invertPose(p));
    close(id.position, [0, 0, 0]);
    expect(quatAngle(id.orientation)).toBeLessThan(1e-7);
  });
});
