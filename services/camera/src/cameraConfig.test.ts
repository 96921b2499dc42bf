import { expect, test } from "bun:test";
import { camerasFromValue, loadCamerasConfig, parseConfigText } from "./cameraConfig";
import { cameraInfo, pinholeFromFov } from "./cameraInfo";
import { DEFAULT_CAMERAS_CONFIG } from "./config";
import { SOURCES } from "./sources";

const names = SOURCES.map((s) => s.name);
const mount = { parent: "base", translation: [0, 0, 1], rotation: [0, 0, 0, 1], frameId: "cam" };
const cam = (o: Record<string, unknown> = {}) => ({
  id: "c0",
  source: "v4l2",
  device: "/dev/video0",
  width: 640,
  height: 480,
  fps: 30,
  mount,
  ...o,
});

test("the default config: a sim scene camera with depth and a sim wrist camera on the hand", async () => {
  const cams = await loadCamerasConfig(DEFAULT_CAMERAS_CONFIG, names);
  expect(cams.map((c) => [c.id, c.source, c.mount.parent, c.depth ?? false])).toEqual([
    ["scene", "sim", "base", true],
    ["wrist", "sim", "fr3_hand", false],
  ]);
});

test("YAML and JSON give the same cameras; disabled ones are left out", () => {
  const yaml = `cameras:
  - id: c0
    source: v4l2
    device: /dev/video0
    width: 640
    height: 480
    fps: 30
    mount: { parent: base, translation: [0, 0, 1], rotation: [0, 0, 0, 1], frameId: cam }
  - { id: off, enabled: false, source: sim, width: 64, height: 48, fps: 5, mount: { parent: base, translation: [0, 0, 1], rotation: [0, 0, 0, 1], frameId: x } }
`;
  const fromYaml = camerasFromValue(parseConfigText(yaml, "c.yaml"), "c.yaml", names);
  const fromJson = camerasFromValue(
    parseConfigText(JSON.stringify({ cameras: [cam()] }), "c.json"),
    "c.json",
    names,
  );
  expect(fromYaml).toEqual(fromJson);
});

test("every problem names the camera and the field", () => {
  const bad = (cameras: unknown[]) => () => camerasFromValue({ cameras }, "c.json", names);
  expect(bad([cam({ id: "a.b" })])).toThrow(/cameras\[0\] \(a\.b\)\/id/);
  expect(bad([cam({ width: "wide" })])).toThrow(/cameras\[0\] \(c0\)\/width/);
  expect(bad([cam({ source: "realsense" })])).toThrow(
    /unknown source "realsense" \(one of v4l2, sim, replay\)/,
  );
  expect(bad([cam(), cam()])).toThrow(/id "c0" is used twice/);
  expect(bad([cam({ colour: true })])).toThrow(/cameras\[0\]/);
  expect(() => camerasFromValue({ camera: [] }, "c.json", names)).toThrow(/expected \{ cameras/);
  expect(() => parseConfigText("{", "c.json")).toThrow(/c\.json: cannot parse/);
});

test("intrinsics: given, from the field of view, or uncalibrated (K[0] = 0)", () => {
  const k = pinholeFromFov(640, 480, 90);
  expect(k.fx).toBeCloseTo(320, 9);
  expect([k.cx, k.cy]).toEqual([320, 240]);
  const given = cameraInfo(
    cam({ intrinsics: { fx: 600, fy: 601, cx: 319, cy: 241 } }) as never,
    false,
    1,
  );
  expect(given.K).toEqual([600, 0, 319, 0, 601, 241, 0, 0, 1]);
  expect(given.P).toEqual([600, 0, 319, 0, 0, 601, 241, 0, 0, 0, 1, 0]);
  expect(cameraInfo(cam() as never, false, 1).K[0]).toBe(0);
  expect(cameraInfo(cam({ fovDeg: 90 }) as never, true, 1)).toMatchObject({
    hasDepth: true,
    device: "/dev/video0",
  });
});
