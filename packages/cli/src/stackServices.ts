/** The services `teleop run` starts: every `services/<name>/src/main.ts` that exists. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dir, "..", "..", "..");

/** Start order: the robot side first so the controller sees state, the VR source last. */
export const START_ORDER = ["robot-bridge", "controller", "recorder", "camera", "vr-ingest"];

export function serviceScript(name: string, root = REPO_ROOT): string {
  return join(root, "services", name, "src", "main.ts");
}

/** The service a path under services/<name>/ belongs to (relative to the repo root). */
export function serviceOfScript(path: string): string | undefined {
  return /^services\/([^/]+)\//.exec(path)?.[1];
}

export function discoverServices(root = REPO_ROOT): string[] {
  const dir = join(root, "services");
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => existsSync(serviceScript(n, root)));
  const rank = (n: string) => {
    const i = START_ORDER.indexOf(n);
    return i < 0 ? START_ORDER.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
