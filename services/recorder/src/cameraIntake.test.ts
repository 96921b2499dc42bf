import { describe, expect, test } from "bun:test";
import { type CameraFrame, MAX_CAMERA_FRAME_BYTES } from "@teleop/shared/cameraMessages";
import { encode } from "@teleop/shared/codec";
import { judgeCameraInput, parseCameraSubject } from "./cameraIntake";
import { cameraDepth, cameraFrame, cameraInfo, robotState } from "./testFixtures";

const P = "rig.a";
const image = (camera = "scene") => `${P}.camera.${camera}.image`;

test("camera subjects parse under a dotted prefix; others do not", () => {
  expect(parseCameraSubject(P, "rig.a.camera.wrist_0.depth")).toEqual({
    camera: "wrist_0",
    kind: "depth",
  });
  expect(parseCameraSubject(P, "rig.a.camera.wrist.other")).toBeUndefined();
  expect(parseCameraSubject(P, "rig.a.camera.a.b.image")).toBeUndefined();
  expect(parseCameraSubject(P, "teleop.camera.scene.image")).toBeUndefined();
});

describe("judgeCameraInput", () => {
  test("accepts a frame, depth and info of the subject's camera", () => {
    expect(judgeCameraInput(P, image(), encode(cameraFrame(1, 1000)))).toMatchObject({
      ok: true,
      kind: "image",
      camera: "scene",
    });
    const d = judgeCameraInput(P, `${P}.camera.scene.depth`, encode(cameraDepth(1, 1000)));
    expect(d).toMatchObject({ ok: true, kind: "depth" });
    const i = judgeCameraInput(P, `${P}.camera.scene.info`, encode(cameraInfo(1000)));
    expect(i).toMatchObject({ ok: true, kind: "info" });
  });

  test("refuses with a reason: no SOI, no EOI, wrong type, another camera's id, bad depth size", () => {
    const f = cameraFrame(1, 1000);
    const cut: CameraFrame = { ...f, data: f.data.subarray(0, f.data.length - 3) };
    expect(judgeCameraInput(P, image(), encode(cut))).toMatchObject({
      ok: false,
      camera: "scene",
      kind: "jpeg",
      reason: expect.stringContaining("EOI"),
    });
    const png: CameraFrame = { ...f, data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xd9]) };
    expect(judgeCameraInput(P, image(), encode(png))).toMatchObject({ kind: "jpeg" });
    expect(judgeCameraInput(P, image(), encode(robotState(1, 1000)))).toMatchObject({
      ok: false,
      kind: "invalid",
      reason: expect.stringContaining("teleop.CameraFrame"),
    });
    expect(judgeCameraInput(P, image("wrist"), encode(f))).toMatchObject({ kind: "mismatch" });
    const d = cameraDepth(1, 1000);
    const short = { ...d, data: d.data.subarray(2) };
    expect(judgeCameraInput(P, `${P}.camera.scene.depth`, encode(short))).toMatchObject({
      kind: "invalid",
      reason: expect.stringContaining("bytes"),
    });
    expect(judgeCameraInput(P, image(), encode(f).subarray(0, 30))).toMatchObject({
      kind: "truncated",
    });
  });

  test("a payload over the camera limit is refused before it is parsed", () => {
    const big = new Uint8Array(MAX_CAMERA_FRAME_BYTES + 1);
    expect(judgeCameraInput(P, image(), big)).toMatchObject({
      ok: false,
      kind: "oversized",
      reason: expect.stringContaining(String(MAX_CAMERA_FRAME_BYTES)),
    });
  });
});
