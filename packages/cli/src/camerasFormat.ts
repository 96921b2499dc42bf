/** `teleop cameras` output: the UVC devices and their formats, and the camera test's PASS/FAIL lines. */
import type { V4l2Format } from "@teleop/shared/v4l2Formats";

export interface DeviceListing {
  device: string;
  formats: V4l2Format[];
  error?: string;
}

export const NO_DEVICES =
  "no UVC cameras found (no /dev/video* devices). Plug one in; under Docker map it into the " +
  'camera service: devices: ["/dev/video0:/dev/video0"]';

export function formatDevices(list: DeviceListing[]): string {
  if (list.length === 0) return NO_DEVICES;
  return list
    .map((d) => {
      if (d.formats.length === 0)
        return `${d.device}: ${d.error ?? "no video formats (not a capture device)"}`;
      const rows = d.formats.map(
        (f) =>
          `  ${f.name.padEnd(10)} ${f.kind === "compressed" ? "compressed" : "raw       "}  ${f.description}${f.emulated ? " (emulated)" : ""}: ${f.sizes.join(" ") || "sizes not listed"}`,
      );
      const mjpeg = d.formats.some((f) => f.name === "mjpeg")
        ? "MJPEG: passed through without re-encoding"
        : "no MJPEG: frames are encoded to JPEG by the camera service";
      return [`${d.device} (${mjpeg})`, ...rows].join("\n");
    })
    .join("\n");
}

/** /dev/video0, /dev/video2, /dev/video10 in number order. */
export function sortDevices(names: string[]): string[] {
  const n = (s: string) => Number(/(\d+)$/.exec(s)?.[1] ?? Number.NaN);
  return [...names].sort((a, b) => n(a) - n(b) || a.localeCompare(b));
}

/** Frames per second from capture times (ms): frames after the first over the span. */
export function measuredFps(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const span = times[times.length - 1]! - times[0]!;
  return span > 0 ? ((times.length - 1) * 1000) / span : 0;
}

/** A camera passes when it reaches this share of its target rate. */
export const PASS_RATIO = 0.9;

export interface CameraTestResult {
  id: string;
  source: string;
  width: number;
  height: number;
  targetFps: number;
  fps: number;
  state: string;
}

export function passes(r: CameraTestResult): boolean {
  return r.fps >= PASS_RATIO * r.targetFps;
}

/** `scene  sim     640x480 @ 29.8fps  (target 30)  PASS`, the seed's camera test line. */
export function formatTestLine(r: CameraTestResult, idWidth = 8): string {
  const verdict = passes(r) ? "PASS" : "FAIL";
  const why = passes(r) || r.state === "streaming" ? "" : `  (${r.state})`;
  return `${r.id.padEnd(idWidth)} ${r.source.padEnd(7)} ${r.width}x${r.height} @ ${r.fps.toFixed(1)}fps  (target ${r.targetFps})  ${verdict}${why}`;
}
