/** Reads a scenario by name (services/vr-ingest/scenarios/<name>.json) or by path. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { SERVICE_DIR } from "../../serviceDir";
import { type Scenario, ScenarioFile } from "./scenario";

export const SCENARIO_DIR = join(SERVICE_DIR, "scenarios");

export function scenarioNames(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => basename(f, ".json"))
    .sort();
}

export function loadScenario(nameOrPath: string): Scenario {
  const isPath = nameOrPath.includes("/") || nameOrPath.endsWith(".json");
  const path = isPath ? nameOrPath : join(SCENARIO_DIR, `${nameOrPath}.json`);
  if (!existsSync(path)) {
    throw new Error(
      `scenario "${nameOrPath}" not found (${path}); built-in: ${scenarioNames().join(", ")}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`scenario ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!ScenarioFile.check(raw)) {
    throw new Error(`scenario ${path} is not valid: ${ScenarioFile.firstError(raw)}`);
  }
  return raw;
}
