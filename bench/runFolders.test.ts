import { expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { foldersToRemove, newRunFolder, pruneRunFolders } from "./runFolders";

const stamps = (prefix: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${prefix}2026-12-03T17-${String(10 + i).padStart(2, "0")}-00-000Z`,
  );

test("the oldest of one kind go, leaving room for the next; other kinds and files stay", () => {
  const runs = stamps("run-", 12);
  const names = [...runs.slice().reverse(), ...stamps("busy2-", 3), "rtt150.json", "latest.json"];
  expect(foldersToRemove(names, "run-", 10)).toEqual(runs.slice(0, 3));
  expect(foldersToRemove(names, "busy2-", 10)).toEqual([]);
  expect(foldersToRemove(stamps("run-", 9), "run-", 10)).toEqual([]);
  expect(foldersToRemove(stamps("run-", 10), "run-", 10)).toEqual(stamps("run-", 1));
});

test("pruneRunFolders deletes the folders and says so", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-runs-"));
  try {
    for (const name of stamps("scale-", 4)) mkdirSync(join(dir, name, "logs"), { recursive: true });
    writeFileSync(join(dir, "scale.json"), "{}");
    const lines: string[] = [];
    pruneRunFolders(dir, "scale-", (l) => lines.push(l), 2);
    expect(readdirSync(dir).sort()).toEqual([...stamps("scale-", 4).slice(3), "scale.json"]);
    expect(lines).toEqual([`removed 3 older scale-* folder(s) in ${dir} (the newest 2 are kept)`]);
    pruneRunFolders(join(dir, "absent"), "scale-", (l) => lines.push(l));
    expect(lines.length).toBe(1);
    // A new folder's name is one the pruning sorts after the older ones.
    const next = newRunFolder(dir, "scale-", (l) => lines.push(l), 2).slice(dir.length + 1);
    expect(next.startsWith("scale-")).toBe(true);
    expect([stamps("scale-", 4)[3], next].sort().at(-1)).toBe(next);
    expect(readdirSync(dir).sort()).toEqual([...stamps("scale-", 4).slice(3), "scale.json"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(existsSync(dir)).toBe(false);
});
