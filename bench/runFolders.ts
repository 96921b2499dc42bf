/**
 * Every bench run keeps its recordings and service logs in a folder of its
 * own under the results (run-*, busy2-*, scale-*, named by start time): 3 MB
 * for a plain run, 35-55 MB with cameras or the live view. Each kind keeps
 * only its newest KEEP_RUN_FOLDERS, so repeated runs do not fill the disk.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export const KEEP_RUN_FOLDERS = 10;

/** The folders of one kind to remove before a new one is made, oldest first. */
export function foldersToRemove(names: readonly string[], prefix: string, keep: number): string[] {
  // ISO timestamps sort by time as strings.
  const ours = names.filter((n) => n.startsWith(prefix)).sort();
  return ours.slice(0, Math.max(0, ours.length - (keep - 1)));
}

/**
 * The path of a new run folder of this kind (`<prefix><ISO time>`, the names
 * foldersToRemove sorts), after the oldest of its kind are removed.
 */
export function newRunFolder(
  resultsDir: string,
  prefix: string,
  log: (line: string) => void,
  keep = KEEP_RUN_FOLDERS,
): string {
  pruneRunFolders(resultsDir, prefix, log, keep);
  return join(resultsDir, `${prefix}${new Date().toISOString().replace(/[:.]/g, "-")}`);
}

/** Removes older run folders of this kind, leaving room for the one about to be made. */
export function pruneRunFolders(
  resultsDir: string,
  prefix: string,
  log: (line: string) => void,
  keep = KEEP_RUN_FOLDERS,
): void {
  let names: string[];
  try {
    names = readdirSync(resultsDir);
  } catch {
    return;
  }
  const old = foldersToRemove(names, prefix, keep);
  for (const name of old) rmSync(join(resultsDir, name), { recursive: true, force: true });
  if (old.length > 0) {
    log(
      `removed ${old.length} older ${prefix}* folder(s) in ${resultsDir} (the newest ${keep} are kept)`,
    );
  }
}
