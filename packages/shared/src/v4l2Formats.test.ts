import { expect, test } from "bun:test";
import { parseListFormats } from "./v4l2Formats";

// ffmpeg 5.1's listing of a UVC webcam with MJPEG and YUYV, and a stepwise device.
const LISTING = `[video4linux2,v4l2 @ 0x5581c0a2b8c0] Compressed:       mjpeg :          Motion-JPEG : 1280x720 640x480 320x240
[video4linux2,v4l2 @ 0x5581c0a2b8c0] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 160x120
[video4linux2,v4l2 @ 0x5581c0a2b8c0] Raw       :     nv12 :         Y/CbCr 4:2:0 : Emulated : {176-640, 16}x{144-480, 16}
/dev/video0: Immediate exit requested`;

test("formats, sizes and emulation flags of ffmpeg's -list_formats output", () => {
  expect(parseListFormats(LISTING)).toEqual([
    {
      kind: "compressed",
      name: "mjpeg",
      description: "Motion-JPEG",
      sizes: ["1280x720", "640x480", "320x240"],
      emulated: false,
    },
    {
      kind: "raw",
      name: "yuyv422",
      description: "YUYV 4:2:2",
      sizes: ["640x480", "160x120"],
      emulated: false,
    },
    {
      kind: "raw",
      name: "nv12",
      description: "Y/CbCr 4:2:0",
      sizes: ["{176-640, 16}x{144-480, 16}"],
      emulated: true,
    },
  ]);
});

test("no device: no formats", () => {
  expect(
    parseListFormats(
      "[video4linux2,v4l2 @ 0x1] Cannot open video device /dev/video0: No such file or directory\n/dev/video0: No such file or directory",
    ),
  ).toEqual([]);
});
