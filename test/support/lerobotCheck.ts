/**
 * scripts/lerobot_check.py (an export read the way LeRobot reads it) in the
 * Python environment scripts/lerobot-check-env.sh makes once (test helper).
 */
import { join } from "node:path";
import { REPO_ROOT } from "./serviceProcess";

let python: string | undefined;

/** The environment's python; made on first use (a minute or two), then instant. */
export function lerobotPython(): string {
  if (python) return python;
  const env = Bun.spawnSync(["bash", join(REPO_ROOT, "scripts", "lerobot-check-env.sh")], {
    stderr: "inherit",
  });
  if (env.exitCode !== 0) throw new Error("scripts/lerobot-check-env.sh failed (see above)");
  python = env.stdout.toString().trim();
  return python;
}

export interface LerobotCheck {
  code: number;
  /** The summary: episodes, frames, tasks, videos, fps. */
  stdout: string;
  /** Why it would not load. */
  stderr: string;
}

/** `cacheDir`: Hugging Face datasets' cache for this run (kept out of the user's). */
export function lerobotCheck(dataset: string, cacheDir: string): LerobotCheck {
  const run = Bun.spawnSync(
    [lerobotPython(), join(REPO_ROOT, "scripts", "lerobot_check.py"), dataset],
    { env: { ...process.env, HF_DATASETS_CACHE: cacheDir } },
  );
  return { code: run.exitCode, stdout: run.stdout.toString(), stderr: run.stderr.toString() };
}
