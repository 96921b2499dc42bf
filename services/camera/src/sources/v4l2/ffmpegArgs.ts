/**
 * ffmpeg command lines of the v4l2 source. The input is the only part that
 * differs between a real device and a stand-in (a test source, a file, an
 * IP camera): the output is always JPEGs with their pts on stdout
 * (JPEG_OUTPUT_ARGS; `-copyts` keeps the input's times, see packetTimes.ts).
 */
import type { CameraConfig } from "../../cameraConfig";
import { JPEG_OUTPUT_ARGS } from "../../FfmpegJpegs";

export type CaptureFormat = "mjpeg" | "raw";

/** The device as ffmpeg's v4l2 input: its own MJPEG when `format` is mjpeg, else its default raw format. */
export function v4l2InputArgs(c: CameraConfig, device: string, format: CaptureFormat): string[] {
  return [
    "-f",
    "v4l2",
    ...(format === "mjpeg" ? ["-input_format", "mjpeg"] : []),
    "-video_size",
    `${c.width}x${c.height}`,
    "-framerate",
    String(c.fps),
    "-timestamps",
    "abs",
    "-i",
    device,
  ];
}

/** MJPEG input is copied through untouched; anything else is encoded to JPEG here. */
export function captureArgs(input: string[], format: CaptureFormat, quality: number): string[] {
  return [
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-loglevel",
    "error",
    "-copyts",
    ...input,
    "-an",
    ...(format === "mjpeg" ? ["-c:v", "copy"] : ["-c:v", "mjpeg", "-q:v", String(quality)]),
    ...JPEG_OUTPUT_ARGS,
  ];
}
