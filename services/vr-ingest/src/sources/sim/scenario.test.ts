import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario, scenarioNames } from "./loadScenario";
import { compileScenario } from "./scenario";

test("the built-in scenarios load and compile", () => {
  expect(scenarioNames()).toEqual(expect.arrayContaining(["pick-place", "idle"]));
  for (const name of scenarioNames()) {
    const c = compileScenario(loadScenario(name));
    expect(c.durationS).toBeGreaterThan(0);
  }
});

test("a step too short for its move is lengthened to the speed bound", () => {
  const c = compileScenario({
    name: "dash",
    start: { position: [0, 1, 0], orientation: [0, 0, 0, 1] },
    steps: [{ s: 0.1, move: [0, 0, -1] }],
  });
  // 1 m at 1 m/s peak: 1.875 s.
  expect(c.durationS).toBeCloseTo(1.875, 9);
});

test("a bad scenario file is refused with the field that is wrong", () => {
  const dir = mkdtempSync(join(tmpdir(), "scenario-"));
  const path = join(dir, "bad.json");
  try {
    writeFileSync(
      path,
      JSON.stringify({
        name: "bad",
        start: { position: [0, 1, 0], orientation: [0, 0, 0, 1] },
        steps: [{ s: 1, grip: 2 }],
      }),
    );
    expect(() => loadScenario(path)).toThrow(/steps\/0\/grip/);
    writeFileSync(path, "{ nope");
    expect(() => loadScenario(path)).toThrow(/not valid JSON/);
    expect(() => loadScenario("no-such-scenario")).toThrow(/built-in: .*pick-place/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
