import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverServices } from "./stackServices";

const root = mkdtempSync(join(tmpdir(), "teleop-stack-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function service(name: string, withMain: boolean): void {
  mkdirSync(join(root, "services", name, "src"), { recursive: true });
  if (withMain) writeFileSync(join(root, "services", name, "src", "main.ts"), "");
}

test("only services with a main.ts are started, robot side first, unknown ones last", () => {
  service("vr-ingest", true);
  service("controller", true);
  service("recorder", false);
  service("zeta", true);
  service("robot-bridge", true);
  expect(discoverServices(root)).toEqual(["robot-bridge", "controller", "vr-ingest", "zeta"]);
  expect(discoverServices(join(root, "nothing"))).toEqual([]);
});
