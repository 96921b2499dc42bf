/** Human-readable lines of the export command (pure). */
import type { ExportResult } from "./exportLerobot";

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** The export's closing summary: where, how much, how fast against the episodes' real time. */
export function formatSummary(r: ExportResult): string {
  const seconds = r.episodes.reduce((s, e) => s + e.frames, 0) / r.fps;
  const speed = r.seconds > 0 ? seconds / r.seconds : 0;
  const lines = [
    `dataset ${r.out} (${r.appended ? "appended" : "new"}): ${r.totalEpisodes} episodes, ${r.totalFrames} frames, ${formatBytes(r.sizeBytes)}`,
    `exported ${r.episodes.length} episode(s), ${seconds.toFixed(1)} s of recording at ${r.fps} fps in ${r.seconds.toFixed(1)} s (${speed.toFixed(1)}x real time)`,
  ];
  if (r.skipped.length > 0) lines.push(`skipped ${r.skipped.length} file(s):`);
  for (const s of r.skipped) lines.push(`  ${s.path}: ${s.reason}`);
  return lines.join("\n");
}
