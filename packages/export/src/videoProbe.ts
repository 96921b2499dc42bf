import { probeFirstVideo } from "./video";

/** Presentation times (s) of every frame of a video, from ffprobe (test support). */
export async function frameTimes(path: string): Promise<number[]> {
  const out = await probeFirstVideo(path, "frame=pts_time", "csv=p=0");
  return out
    .split("\n")
    .map((l) => l.trim().replace(/,$/, ""))
    .filter((l) => l.length > 0)
    .map(Number);
}
