/**
 * The README's configuration table stays true: every variable each service
 * accepts (read from its own --help) is documented, and the README names no
 * variable that no service or tool accepts.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../support/serviceProcess";

const SERVICES = ["controller", "robot-bridge", "vr-ingest", "recorder", "foxglove", "camera"];

async function helpVariables(script: string): Promise<string[]> {
  const proc = Bun.spawn(["bun", join(REPO_ROOT, script), "--help"], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const out = await new Response(proc.stdout).text();
  expect(await proc.exited).toBe(0);
  return [...out.matchAll(/ \/ ([A-Z][A-Z0-9_]+)\s/g)].map((m) => m[1]!);
}

test("every service option is in the README's configuration table", async () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Configuration"));
  const documented = new Set(
    [...table.matchAll(/^\|[^|]+\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]!),
  );
  const accepted = new Set<string>();
  for (const s of SERVICES) {
    for (const v of await helpVariables(`services/${s}/src/main.ts`)) accepted.add(v);
  }
  expect(accepted.size).toBeGreaterThan(30);
  const missing = [...accepted].filter((v) => !documented.has(v));
  expect(missing).toEqual([]);
  const extra = [...documented].filter((v) => !accepted.has(v) && !/^DASHBOARD_/.test(v));
  expect(extra).toEqual([]);
}, 30_000);
