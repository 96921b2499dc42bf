/** Presentation times (s) of every frame of a video, from ffprobe (test support). */
export async function frameTimes(path: string): Promise<number[]> {
  const p = Bun.spawn(
    [
      "ffprobe",
      "-v",
      "error",
      "-select_streams",
      "v:0",
      "-show_entries",
      "frame=pts_time",
      "-of",
      "csv=p=0",
      path,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const out = await new Response(p.stdout).text();
  if ((await p.exited) !== 0) throw new Error(`ffprobe failed on ${path}`);
  return out
    .split("\n")
    .map((l) => l.trim().replace(/,$/, ""))
    .filter((l) => l.length > 0)
    .map(Number);
}
