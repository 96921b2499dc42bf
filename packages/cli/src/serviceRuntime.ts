/**
 * The environment a service process runs with, wherever it is started:
 * `teleop run`, `teleop demo`, the tests and the bench (test/support's
 * ServiceProcess) and the compose file (a test checks it against this).
 *
 * FTL, JavaScriptCore's top JIT tier, is off: the services do a little work
 * 40-50 times a second, which the DFG tier runs as fast (controller tick work
 * p99 0.6-0.7 ms either way), while FTL compiles keep running well into a
 * session and its compiler's memory sets the peaks. Measured in `make bench`
 * rtt150 after 30 s (BENCHMARKS.md): the four services 9.0-10.3 % of a core
 * against 9.7-11.3 %, peak RSS 4-12 MB lower in each. The camera service keeps
 * FTL: its software renderer walks every pixel of every frame, and costs 35 %
 * more without it.
 *
 * The JS heap's growth before a full collection is capped at about 1.7 times
 * what the last one left (heapGrowthMaxIncrease 0.7; Bun's default 2.0 lets
 * it reach about 3 times on a machine with 16 GB or more). Objects an eden
 * collection finds alive and that die soon after (about 110 KB an eden in
 * the recorder) pile up as old garbage until the next full collection, so
 * without the cap a service's peak grows with its uptime. In the recorder
 * over 60 s: heap at most 12.4 MB and peak RSS 68.9 MB with the cap, 16.5
 * and 72.6 without, and no CPU the bench can see. Below about 1.5 times JSC
 * would collect in full at every eden collection.
 *
 * The recorder also runs without the DFG tier: the DFG compiler's own code
 * (2.5 MB of the bun binary's pages), its working memory and what it
 * compiles are 6-7 MB of the recorder's resident set, which sat 6-8 MB over
 * the 60 MB goal, while most of its CPU is native (zstd, JSON, file writes).
 * Measured in `make bench` rtt150 (BENCHMARKS.md, eighth session), with
 * its full collections (FullCollections.ts) and the MessagePack reader that
 * took back most of what the tier bought it: peak 56.5-56.9 MB against
 * 65.2-66.3, for 0.6 points more of a core (3.7-4.0 % against 3.1-3.4 %);
 * its period error is the same.
 */
import type { ChildSpec } from "./ProcessGroup";
import { REPO_ROOT } from "./stackServices";

export const SERVICE_RUNTIME_ENV: Readonly<Record<string, string>> = {
  BUN_JSC_useFTLJIT: "0",
  BUN_JSC_heapGrowthMaxIncrease: "0.7",
};

/** What a service sets on top of SERVICE_RUNTIME_ENV: the recorder, no DFG tier (see above). */
const OWN_RUNTIME_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  recorder: { BUN_JSC_useDFGJIT: "0" },
};

const KEEPS_FTL: ReadonlySet<string> = new Set(["camera"]);

export function serviceRuntimeEnv(service: string): Record<string, string> {
  return KEEPS_FTL.has(service) ? {} : { ...SERVICE_RUNTIME_ENV, ...OWN_RUNTIME_ENV[service] };
}

/** Every variable some service's runtime sets (what the compose test compares). */
export const RUNTIME_ENV_KEYS: readonly string[] = [
  ...new Set([SERVICE_RUNTIME_ENV, ...Object.values(OWN_RUNTIME_ENV)].flatMap(Object.keys)),
];

/** How `teleop run` and `teleop demo` start a service: its script under bun, with its runtime environment. */
export function serviceSpec(name: string, script: string, env: Record<string, string>): ChildSpec {
  return {
    name,
    cmd: ["bun", script],
    cwd: REPO_ROOT,
    env: { ...serviceRuntimeEnv(name), ...env },
  };
}
