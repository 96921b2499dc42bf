/**
 * One row per recording for `teleop episodes`: what its metadata says (task,
 * outcome, duration, ticks, rate, cameras, quality flags). Pure: metadata in,
 * rows and text out.
 */
import { fixed, renderTable } from "@teleop/shared/table";

export interface EpisodeRow {
  file: string;
  /** "unfinished" when the file has no footer (the recorder recovers it at its next start). */
  state: "final" | "recovered" | "unfinished" | "unreadable";
  task: string;
  operator: string;
  success: boolean | null;
  durationS: number | null;
  frames: number | null;
  rateHz: number | null;
  cameras: string[];
  /** Quality flags; null when the file predates them. */
  flags: string[] | null;
  error?: string;
}

type Meta = Record<string, Record<string, string>>;

const numberOr = (s: string | undefined): number | null => {
  if (s === undefined || s === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

export function episodeRow(file: string, metadata: Meta): EpisodeRow {
  const final = metadata.final_metadata;
  const start = metadata.recording_metadata;
  const label = (k: string) => final?.[k] || start?.[k] || "";
  const frames = numberOr(final?.frames);
  const durationS = numberOr(final?.duration);
  const cameras = (final?.cameras ?? "").split(",").filter(Boolean);
  return {
    file,
    state: final?.recovered === "true" ? "recovered" : "final",
    task: label("task"),
    operator: label("operator"),
    success: final?.success === undefined ? null : final.success === "true",
    durationS,
    frames,
    rateHz: numberOr(final?.rate_hz) ?? (frames !== null && durationS ? frames / durationS : null),
    cameras,
    flags:
      final?.quality_flags === undefined ? null : final.quality_flags.split(",").filter(Boolean),
  };
}

export function unreadableRow(
  file: string,
  state: "unfinished" | "unreadable",
  error: string,
): EpisodeRow {
  return {
    file,
    state,
    task: "",
    operator: "",
    success: null,
    durationS: null,
    frames: null,
    rateHz: null,
    cameras: [],
    flags: null,
    error,
  };
}

const yesNo = (b: boolean | null) => (b === null ? "-" : b ? "yes" : "no");

function flagsCell(r: EpisodeRow): string {
  if (r.state === "unfinished") return "UNFINISHED (recovered at the recorder's next start)";
  if (r.state === "unreadable") return `UNREADABLE: ${r.error ?? ""}`;
  const flags = r.flags === null ? "-" : r.flags.length ? r.flags.join(",") : "ok";
  return r.state === "recovered" ? `recovered ${flags}` : flags;
}

export function formatEpisodes(rows: readonly EpisodeRow[]): string {
  if (rows.length === 0) return "no recordings";
  const table = renderTable(
    ["file", "task", "success", "duration s", "frames", "rate Hz", "cameras", "flags"],
    rows.map((r) => [
      r.file,
      r.task || "-",
      yesNo(r.success),
      fixed(r.durationS, 1),
      r.frames === null ? "-" : String(r.frames),
      fixed(r.rateHz, 2),
      r.cameras.length ? r.cameras.join(",") : "-",
      flagsCell(r),
    ]),
  );
  const ok = rows.filter((r) => r.state === "final" && r.flags?.length === 0).length;
  return `${table}\n${rows.length} episodes, ${ok} without quality flags`;
}
