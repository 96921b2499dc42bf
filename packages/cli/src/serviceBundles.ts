/**
 * Each service bundled into one file, services/<name>/dist/main.js, which
 * `teleop run`, `teleop demo`, the bench and the image start instead of its
 * main.ts: a service loaded from one file instead of some hundred modules
 * starts and stays 3-5 MB smaller (BENCHMARKS.md), for the same CPU. Built in
 * a few hundred milliseconds, so the commands build it at every start and a
 * bundle is never older than its sources. No source map: Bun reads a linked
 * one at start, which costs about 5 MB, more than the bundle saves; the
 * bundle is not minified, names its functions and marks each module with its
 * source path, so a stack trace still leads to the code. `--watch` runs the
 * sources themselves. Run as a script it bundles every service (the image's
 * build step).
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { discoverServices, REPO_ROOT, serviceScript } from "./stackServices";

export function serviceBundle(name: string, root = REPO_ROOT): string {
  return join(root, "services", name, "dist", "main.js");
}

/**
 * Bundles the named services (target bun); throws with the bundler's messages. Each is built beside its
 * dist/ and renamed into it, so a service starting meanwhile (another
 * `teleop run`, the bench) reads a whole bundle, old or new.
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
      throw: false,
    });
    if (!result.success) return { name, error: result.logs.map(String).join("; ") };
    renameSync(join(staging, "main.js"), join(dist, "main.js"));
    return { name };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const names = discoverServices();
  await bundleServices(names);
  for (const name of names) console.log(relative(REPO_ROOT, serviceBundle(name)));
}
