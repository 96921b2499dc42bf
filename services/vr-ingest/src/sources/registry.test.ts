import { expect, test } from "bun:test";
import { join } from "node:path";

test("the registry loads no source's code: a source is imported when it is created", () => {
  // A fresh process: this one's module cache holds whatever other tests imported.
  const registry = join(import.meta.dir, "registry.ts");
  const p = Bun.spawnSync([
    "bun",
    "-e",
    `const { sources } = await import(${JSON.stringify(registry)});
     console.log(JSON.stringify({ names: sources.map((s) => s.name), loaded: Object.keys(require.cache) }));`,
  ]);
  expect(p.exitCode).toBe(0);
  const { names, loaded } = JSON.parse(p.stdout.toString()) as {
    names: string[];
    loaded: string[];
  };
  expect(names).toEqual(["sim", "adb", "webxr", "replay"]);
  const sources = loaded.filter((f) =>
    /(Sim|Adb|WebXr|Replay)Source\.ts$|certificate\.ts$/.test(f),
  );
  expect(sources).toEqual([]);
});
