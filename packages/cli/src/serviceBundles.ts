/**
 * Each service bundled, services/<name>/dist/main.js (and its lazy chunks), which
 * `teleop run`, `teleop demo`, the bench and the image start instead of its
 * main.ts: a service loaded from a bundle instead of some hundred modules
 * starts and stays 3-8 MB smaller (BENCHMARKS.md), for the same CPU. Built in
 * a few hundred milliseconds, so the commands build it at every start and a
 * bundle is never older than its sources. No source map: Bun reads a linked
 * one at start, which costs about 5 MB, more than the bundle saves; the
 * bundle is not minified, names its functions and marks each module with its
 * source path, so a stack trace still leads to the code. `--watch` runs the
 * sources themselves. Run as a script it bundles every service (the image's
 * build step).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { join, relative } from "node:path";
import { discoverServices, REPO_ROOT, serviceScript } from "./stackServices";

const MAIN = "main.js";

export function serviceBundle(name: string, root = REPO_ROOT): string {
  return join(root, "services", name, "dist", MAIN);
}

/** A chunk no build wrote for this long is an old build's: no service still loading it. */
export const STALE_CHUNK_MS = 10 * 60_000;

/**
 * Bundles the named services (target bun); throws with the bundler's
 * messages. What a service imports lazily (a VR source, the KV client) is a
 * chunk of its own, loaded only when used, as from the sources. Each build
 * is made beside dist/ and moved in chunks first (their names carry their
 * content's hash), main.js last, so a service starting meanwhile (another
 * `teleop run`, the bench) finds a whole bundle, old or new; chunks of old
 * builds are removed once STALE_CHUNK_MS old.
 */
export async function bundleServices(names: readonly string[], root = REPO_ROOT): Promise<void> {
  const results = await Promise.all(names.map((name) => bundleOne(name, root)));
  const failed = results.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    const why = failed.map((f) => `${f.name}: ${f.error}`);
    throw new Error(`could not bundle ${why.join("; ")}`);
  }
}

async function bundleOne(name: string, root: string): Promise<{ name: string; error?: string }> {
  const entry = serviceScript(name, root);
  if (!existsSync(entry)) return { name, error: `no ${relative(root, entry)}` };
  const dist = join(root, "services", name, "dist");
  mkdirSync(dist, { recursive: true });
  const staging = mkdtempSync(join(dist, ".build-"));
  try {
    const result = await Bun.build({
      entrypoints: [entry],
      outdir: staging,
      target: "bun",
      splitting: true,
      throw: false,
    });
    if (!result.success) return { name, error: result.logs.map(String).join("; ") };
    const files = result.outputs.map((o) => relative(staging, o.path));
    const ordered = [...files.filter((f) => f !== MAIN), MAIN];
    for (const f of ordered) renameSync(join(staging, f), join(dist, f));
    pruneStaleChunks(dist, new Set(files), Date.now() - STALE_CHUNK_MS);
    return { name };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function pruneStaleChunks(dist: string, current: Set<string>, before: number): void {
  for (const f of readdirSync(dist)) {
    if (current.has(f) || !f.endsWith(".js")) continue;
    const path = join(dist, f);
    if (statSync(path).mtimeMs < before) rmSync(path, { force: true });
  }
}

if (import.meta.main) {
  const names = discoverServices();
  await bundleServices(names);
  for (const name of names) console.log(relative(REPO_ROOT, serviceBundle(name)));
}
