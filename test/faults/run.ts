/**
 * `make faults`: runs every test/faults/*.fault.ts with bun test (one fault
 * after another, each on its own stack), then prints the table and writes it
 * to RELIABILITY.md with the date. Exits with bun test's status.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "bun";
import { REPO_ROOT } from "../support/serviceProcess";
import { ALL_FAULTS } from "./catalogue";
import { failedTests, reliabilityMarkdown, textTable } from "./report";
import type { FaultResult } from "./runFault";

/** One fault takes 10-30 s; a stack start on a loaded machine can take a while more. */
const PER_TEST_TIMEOUT_MS = 180_000;

const resultsDir = mkdtempSync(join(tmpdir(), "teleop-fault-rows-"));
const junit = join(resultsDir, "junit.xml");
const files = readdirSync(import.meta.dir)
  .filter((f) => f.endsWith(".fault.ts"))
  .sort()
  .map((f) => `./test/faults/${f}`);
const startedAt = Date.now();
const loadBefore = loadavg()[0]!;
const proc = spawn(
  [
    "bun",
    "test",
    "--timeout",
    String(PER_TEST_TIMEOUT_MS),
    "--reporter=junit",
    `--reporter-outfile=${junit}`,
    ...files,
  ],
  {
    cwd: REPO_ROOT,
    env: { ...process.env, FAULTS_RESULTS_DIR: resultsDir },
    stdout: "inherit",
    stderr: "inherit",
  },
);
const code = await proc.exited;

const order = ALL_FAULTS.map((f) => f.slug);
const rows: FaultResult[] = readdirSync(resultsDir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(resultsDir, f), "utf8")) as FaultResult)
  .sort((a, b) => order.indexOf(a.slug) - order.indexOf(b.slug));
const failed = failedTests(readFileSync(junit, "utf8"));
const missing = ALL_FAULTS.filter((f) => !rows.some((r) => r.slug === f.slug)).map((f) => f.name);

const info = {
  date: new Date()
    .toISOString()
    .replace(/\.\d+Z$/, " UTC")
    .replace("T", " "),
  machine: `${cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start`,
  passed: code === 0 && missing.length === 0,
  durationS: (Date.now() - startedAt) / 1000,
  failed,
  missing,
};
process.stdout.write(`\n${textTable(rows, failed)}\n`);
if (missing.length)
  process.stdout.write(`no measurement (failed before the end): ${missing.join("; ")}\n`);
writeFileSync(join(REPO_ROOT, "RELIABILITY.md"), reliabilityMarkdown(rows, info));
process.stdout.write(`wrote RELIABILITY.md (${rows.length} faults, ${failed.length} failed)\n`);
rmSync(resultsDir, { recursive: true, force: true });
process.exit(code);
