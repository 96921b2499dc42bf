/**
 * What `teleop run --watch` restarts when a file changes: the service whose
 * folder holds it, or every process that imports (directly or through another
 * package) the package that holds it. Dependencies come from the
 * `@teleop/<package>` imports in the sources, scanned once at start.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";

/** A watched process: its name and the repo-relative folders that are its own source. */
export interface WatchedProcess {
  name: string;
  /** e.g. services/controller; the dashboard's is packages/cli. */
  dir: string;
}

const SOURCE_FILE = /\.(ts|tsx|js|json|html|css)$/;

/** Whether a change to this repo-relative path can change a running process. */
export function isWatchedSource(rel: string): boolean {
  const parts = rel.split(/[\\/]/);
  if (parts.some((p) => p === "node_modules" || p.startsWith("."))) return false;
  const file = parts.at(-1) ?? "";
  return SOURCE_FILE.test(file) && !/\.test\.ts$/.test(file);
}

/** The workspace packages a source file imports. */
export function packageImports(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(/(?:from|import)\s*\(?\s*["']@teleop\/([A-Za-z0-9_-]+)/g)) {
    out.add(m[1]!);
  }
  return [...out];
}

/** Every package reachable from `start` through the package-to-package imports. */
export function closure(start: Iterable<string>, pkgDeps: Map<string, Set<string>>): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    const p = todo.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    for (const d of pkgDeps.get(p) ?? []) todo.push(d);
  }
  return seen;
}

/** Names of the processes a change to `rel` (repo-relative) must restart. */
export function affectedBy(
  rel: string,
  processes: readonly WatchedProcess[],
  uses: Map<string, Set<string>>,
): string[] {
  if (!isWatchedSource(rel)) return [];
  const path = rel.split(sep).join("/");
  const own = processes.filter((p) => path.startsWith(`${p.dir}/`)).map((p) => p.name);
  const pkg = path.match(/^packages\/([^/]+)\//)?.[1];
  const viaPackage = pkg
    ? processes.filter((p) => uses.get(p.name)?.has(pkg)).map((p) => p.name)
    : [];
  return [...new Set([...own, ...viaPackage])];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    if (n === "node_modules" || n.startsWith(".")) continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(n)) out.push(p);
  }
  return out;
}

function importsOf(dir: string): Set<string> {
  const out = new Set<string>();
  for (const f of sourceFiles(dir))
    for (const p of packageImports(readFileSync(f, "utf8"))) out.add(p);
  return out;
}

/** For each process, every package its code depends on (read from the sources under `root`). */
export function scanUses(
  root: string,
  processes: readonly WatchedProcess[],
): Map<string, Set<string>> {
  const pkgDeps = new Map<string, Set<string>>();
  for (const name of readdirSync(join(root, "packages"))) {
    pkgDeps.set(name, importsOf(join(root, "packages", name)));
  }
  const uses = new Map<string, Set<string>>();
  for (const p of processes) {
    const direct = importsOf(join(root, p.dir));
    const own = p.dir.match(/^packages\/([^/]+)$/)?.[1];
    if (own) direct.add(own);
    uses.set(p.name, closure(direct, pkgDeps));
  }
  return uses;
}
