import { expect, test } from "bun:test";
import type { CameraFrame } from "@teleop/shared/cameraMessages";
import { wristCameraInfo } from "../../../test/support/fixtures";
import {
  cameraCalibrationRecord,
  cameraChannelSpec,
  cameraMountTransform,
  compressedImageRecord,
  jpegOf,
  parseCameraTopic,
} from "./cameraChannels";

const jpeg = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
const frame: CameraFrame = {
  v: 1,
  seq: 4,
  t: 1_700_000_000_123.5,
  camera: "scene",
  frameId: "camera_scene",
  format: "jpeg",
  width: 640,
  height: 480,
  data: jpeg,
};

test("camera topics follow the seed's /camera/<id>/<stream> and parse back", () => {
  expect(cameraChannelSpec("wrist", "compressed")).toMatchObject({
    topic: "/camera/wrist/compressed",
    schemaName: "foxglove.CompressedImage",
  });
  expect(cameraChannelSpec("scene", "depth").schemaName).toBe("foxglove.RawImage");
  expect(cameraChannelSpec("scene", "camera_info").schemaName).toBe("foxglove.CameraCalibration");
  // Converted once per channel: the recorder asks on every frame.
  expect(cameraChannelSpec("wrist", "compressed")).toBe(cameraChannelSpec("wrist", "compressed"));
  expect(parseCameraTopic("/camera/scene_0/depth")).toEqual({ camera: "scene_0", stream: "depth" });
  expect(parseCameraTopic("/camera/scene/other")).toBeUndefined();
  expect(parseCameraTopic("/robot_state")).toBeUndefined();
});

test("a compressed image carries the capture time and base64 JPEG that decodes to the same bytes", () => {
  const r = compressedImageRecord(frame);
  expect(r.timestamp).toEqual({ sec: 1_700_000_000, nsec: 123_500_000 });
  expect(r.format).toBe("jpeg");
  expect(r.data).toBe(Buffer.from(jpeg).toString("base64"));
  expect([...jpegOf(r)]).toEqual([...jpeg]);
});

test("calibration and mount come from the camera info", () => {
  const info = wristCameraInfo(1_700_000_000_000, {
    width: 320,
    height: 240,
    K: [300, 0, 160, 0, 300, 120, 0, 0, 1],
    P: [300, 0, 160, 0, 0, 300, 120, 0, 0, 0, 1, 0],
  });
  expect(cameraCalibrationRecord(info)).toMatchObject({ frame_id: "camera_wrist", width: 320 });
  expect(cameraMountTransform(info)).toEqual({
    parent: "fr3_hand",
    child: "camera_wrist",
    translation: [0, 0, 0.1],
    rotation: [0, 0, 0, 1],
  });
});
