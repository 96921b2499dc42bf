import { expect, test } from "bun:test";
import { parseListFormats } from "@teleop/shared/v4l2Formats";
import {
  formatDevices,
  formatTestLine,
  measuredFps,
  NO_DEVICES,
  passes,
  sortDevices,
} from "./camerasFormat";

test("devices with their formats and sizes; none: says so and how to map one under Docker", () => {
  const formats = parseListFormats(
    "[video4linux2,v4l2 @ 0x1] Compressed:       mjpeg :          Motion-JPEG : 640x480 320x240\n" +
      "[video4linux2,v4l2 @ 0x1] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480",
  );
  expect(formatDevices([{ device: "/dev/video0", formats }])).toBe(
    [
      "/dev/video0 (MJPEG: passed through without re-encoding)",
      "  mjpeg      compressed  Motion-JPEG: 640x480 320x240",
      "  yuyv422    raw         YUYV 4:2:2: 640x480",
    ].join("\n"),
  );
  expect(
    formatDevices([
      { device: "/dev/video1", formats: [], error: "Inappropriate ioctl for device" },
    ]),
  ).toBe("/dev/video1: Inappropriate ioctl for device");
  expect(formatDevices([])).toBe(NO_DEVICES);
  expect(sortDevices(["/dev/video10", "/dev/video2", "/dev/video0"])).toEqual([
    "/dev/video0",
    "/dev/video2",
    "/dev/video10",
  ]);
});

test("the camera test: measured rate against the target, PASS from 90 %", () => {
  expect(measuredFps([0, 33.4, 66.8, 100.2])).toBeCloseTo(29.94, 2);
  expect(measuredFps([5])).toBe(0);
  const r = {
    id: "scene",
    source: "sim",
    width: 640,
    height: 480,
    targetFps: 30,
    fps: 29.84,
    state: "streaming",
  };
  expect(formatTestLine(r)).toBe("scene    sim     640x480 @ 29.8fps  (target 30)  PASS");
  expect(passes({ ...r, fps: 26.9 })).toBe(false);
  expect(formatTestLine({ ...r, id: "usb0", source: "v4l2", fps: 0, state: "lost" })).toBe(
    "usb0     v4l2    640x480 @ 0.0fps  (target 30)  FAIL  (lost)",
  );
});
