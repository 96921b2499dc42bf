import { expect, test } from "bun:test";
import { affectedBy, closure, isWatchedSource, packageImports, scanUses } from "./sourceDeps";
import { REPO_ROOT } from "./stackServices";

const processes = [
  { name: "controller", dir: "services/controller" },
  { name: "recorder", dir: "services/recorder" },
  { name: "dashboard", dir: "packages/cli" },
];
const uses = new Map([
  ["controller", new Set(["shared"])],
  ["recorder", new Set(["shared", "recording"])],
  ["dashboard", new Set(["cli", "shared", "recording"])],
]);

test("a service's own file restarts only it; a package restarts whoever uses it", () => {
  expect(affectedBy("services/controller/src/ControlLaw.ts", processes, uses)).toEqual([
    "controller",
  ]);
  expect(affectedBy("packages/recording/src/channels.ts", processes, uses)).toEqual([
    "recorder",
    "dashboard",
  ]);
  expect(affectedBy("packages/shared/src/bus.ts", processes, uses)).toEqual([
    "controller",
    "recorder",
    "dashboard",
  ]);
  expect(affectedBy("packages/cli/src/dashboard/page/style.css", processes, uses)).toEqual([
    "dashboard",
  ]);
});

test("tests, notes and dependencies do not restart anything", () => {
  expect(isWatchedSource("services/controller/src/ControlLaw.test.ts")).toBe(false);
  expect(isWatchedSource("services/controller/NOTES.md")).toBe(false);
  expect(isWatchedSource("packages/shared/node_modules/x/index.js")).toBe(false);
  expect(affectedBy("services/controller/src/x.test.ts", processes, uses)).toEqual([]);
  expect(affectedBy("README.md", processes, uses)).toEqual([]);
});

test("imports and the transitive closure", () => {
  expect(
    packageImports(
      'import { a } from "@teleop/shared/bus";\nimport type { B } from "@teleop/recording/verify";\nconst x = await import("@teleop/shared/log");',
    ).sort(),
  ).toEqual(["recording", "shared"]);
  const deps = new Map([
    ["recording", new Set(["shared"])],
    ["shared", new Set<string>()],
  ]);
  expect([...closure(["recording"], deps)].sort()).toEqual(["recording", "shared"]);
});

test("the repository's own services depend on shared; the dashboard on cli and recording", () => {
  const real = scanUses(REPO_ROOT, processes);
  expect(real.get("controller")?.has("shared")).toBe(true);
  expect(real.get("controller")?.has("cli")).toBe(false);
  expect(real.get("recorder")?.has("recording")).toBe(true);
  expect(real.get("dashboard")?.has("cli")).toBe(true);
  expect(real.get("dashboard")?.has("recording")).toBe(true);
});
