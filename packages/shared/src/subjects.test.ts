import { expect, test } from "bun:test";
import { subjects } from "./subjects";

test("every subject is built from the prefix", () => {
  const s = subjects("rig2");
  expect(s.vrState).toBe("rig2.vr.state");
  expect(s.robotCommand).toBe("rig2.robot.command");
  expect(s.robotState).toBe("rig2.robot.state");
  expect(s.controlStatus).toBe("rig2.control.status");
  expect(s.events).toBe("rig2.events");
  expect(s.recorderSave).toBe("rig2.recorder.save");
  expect(s.health("controller")).toBe("rig2.health.controller");
  expect(s.healthAll).toBe("rig2.health.*");
  expect(s.kvBucket("calibration")).toBe("rig2_calibration");
  expect(subjects("lab.rig1").kvBucket("x")).toBe("lab_rig1_x");
});

test("a prefix that is not a subject token is refused", () => {
  expect(() => subjects("a b")).toThrow(/TELEOP_PREFIX/);
  expect(() => subjects("a.>")).toThrow(/TELEOP_PREFIX/);
});

test("camera subjects name the camera as one token", () => {
  const s = subjects("rig2");
  expect(s.cameraImage("wrist")).toBe("rig2.camera.wrist.image");
  expect(s.cameraDepth("scene")).toBe("rig2.camera.scene.depth");
  expect(s.cameraInfo("scene")).toBe("rig2.camera.scene.info");
  expect(s.cameraAll).toBe("rig2.camera.>");
  expect(s.simScene).toBe("rig2.sim.scene");
});
