/** `teleop episodes [dir] [--json]`: every recording under a folder with its task, outcome and quality. */
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { isFinishedMcap, withIndexedReader } from "@teleop/recording/reader";
import { type EpisodeRow, episodeRow, formatEpisodes, unreadableRow } from "../episodeList";

export const episodesUsage = "teleop episodes [dir (default ./recordings)] [--json]";

async function mcapFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names
    .filter((n) => n.endsWith(".mcap"))
    .map((n) => join(dir, n))
    .sort();
}

async function rowOf(dir: string, path: string): Promise<EpisodeRow> {
  const file = relative(dir, path);
  if (!(await isFinishedMcap(path))) return unreadableRow(file, "unfinished", "no footer");
  try {
    return await withIndexedReader(path, async (reader) => {
      const meta: Record<string, Record<string, string>> = {};
      for await (const m of reader.readMetadata()) meta[m.name] = Object.fromEntries(m.metadata);
      return episodeRow(file, meta);
    });
  } catch (err) {
    return unreadableRow(file, "unreadable", (err as Error).message);
  }
}

export async function episodes(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false } },
  });
  if (positionals.length > 1) throw new Error(`usage: ${episodesUsage}`);
  const dir = positionals[0] ?? process.env.RECORDINGS_DIR ?? "./recordings";
  let files: string[];
  try {
    files = await mcapFiles(dir);
  } catch (err) {
    throw new Error(`cannot list ${dir}: ${(err as Error).message}`);
  }
  const rows: EpisodeRow[] = [];
  for (const f of files) rows.push(await rowOf(dir, f));
  process.stdout.write(`${values.json ? JSON.stringify(rows, null, 2) : formatEpisodes(rows)}\n`);
  return 0;
}
