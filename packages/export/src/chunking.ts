/**
 * LeRobot v3.0 file layout: many episodes share one file; a new file starts
 * when adding an episode would reach the cap (100 MB data, 200 MB video);
 * 1000 files per chunk folder. An episode never spans two files.
 */

export const CHUNKS_SIZE = 1000;
export const DATA_FILES_SIZE_IN_MB = 100;
export const VIDEO_FILES_SIZE_IN_MB = 200;
const MB = 1024 * 1024;

export const DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
export const VIDEO_PATH = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";
export const EPISODES_PATH = "meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";

export interface FilePos {
  chunk: number;
  file: number;
}

export function nextFile(p: FilePos, chunksSize = CHUNKS_SIZE): FilePos {
  return p.file === chunksSize - 1
    ? { chunk: p.chunk + 1, file: 0 }
    : { chunk: p.chunk, file: p.file + 1 };
}

/**
 * Which file each episode goes into, in order, starting with an empty file at
 * `first`: an episode joins the current file unless the file is non-empty and
 * its size plus the episode's would reach `capMb` (LeRobot's rule).
 */
export function planFiles(
  sizesBytes: readonly number[],
  capMb: number,
  first: FilePos,
  chunksSize = CHUNKS_SIZE,
): FilePos[] {
  const out: FilePos[] = [];
  let pos = first;
  let used = 0;
  let episodes = 0;
  for (const size of sizesBytes) {
    if (episodes > 0 && (used + size) / MB >= capMb) {
      pos = nextFile(pos, chunksSize);
      used = 0;
      episodes = 0;
    }
    out.push(pos);
    used += size;
    episodes++;
  }
  return out;
}

const pad3 = (n: number) => String(n).padStart(3, "0");

export function formatPath(template: string, p: FilePos, videoKey = ""): string {
  return template
    .replace("{video_key}", videoKey)
    .replace("{chunk_index:03d}", pad3(p.chunk))
    .replace("{file_index:03d}", pad3(p.file));
}

/** The position after the highest `chunk-NNN/file-NNN.<ext>` among `paths`, or 0/0 when none. */
export function afterExisting(paths: readonly string[], chunksSize = CHUNKS_SIZE): FilePos {
  let last: FilePos | undefined;
  for (const p of paths) {
    const m = /chunk-(\d{3,})\/file-(\d{3,})\.\w+$/.exec(p);
    if (!m) continue;
    const pos = { chunk: Number(m[1]), file: Number(m[2]) };
    if (!last || pos.chunk > last.chunk || (pos.chunk === last.chunk && pos.file > last.file)) {
      last = pos;
    }
  }
  return last ? nextFile(last, chunksSize) : { chunk: 0, file: 0 };
}
