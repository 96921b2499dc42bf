/**
 * Pictures from one of ffmpeg's lavfi sources (testsrc2, color, …): the test
 * fixtures and the export benchmark make their JPEG frames with it.
 */

/** Runs `ffmpeg -f lavfi -i <source> <output…>` and returns its stdout; throws with ffmpeg's message when it fails. */
export function lavfi(source: string, output: readonly string[]): Uint8Array {
  const p = Bun.spawnSync([
    "ffmpeg",
    "-hide_banner",
    "-loglevel",
    "error",
    "-f",
    "lavfi",
    "-i",
    source,
    ...output,
  ]);
  if (p.exitCode !== 0) throw new Error(`ffmpeg: ${p.stderr.toString()}`);
  return new Uint8Array(p.stdout);
}
