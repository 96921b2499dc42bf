import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkCompose } from "./composeCheck";

const ROOT = join(import.meta.dir, "..", "..");

test("docker-compose.yml passes the compose-spec schema and the project's rules", () => {
  expect(checkCompose(join(ROOT, "docker-compose.yml"), ROOT)).toEqual([]);
});

test("the auth overlay is valid and gives every service its own NATS user", () => {
  const path = join(ROOT, "docker-compose.auth.yml");
  expect(checkCompose(path, ROOT)).toEqual([]);
  const doc = Bun.YAML.parse(readFileSync(path, "utf8")) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  for (const name of ["vr-ingest", "controller", "robot-bridge", "recorder", "foxglove"]) {
    expect(doc.services[name]?.environment?.NATS_USER).toBe(name);
  }
});

test("the broken fixture fails, with each mistake named", () => {
  const errors = checkCompose(
    join(import.meta.dir, "fixtures", "compose.broken.fixture.yml"),
    ROOT,
  ).join("\n");
  expect(errors).toMatch(/schema: \/services\/nats\/ports/);
  expect(errors).toMatch(/schema: \/services\/recorder .*additional/);
  expect(errors).toMatch(/controller: depends_on "nat"/);
  expect(errors).toMatch(/controller: command runs services\/controler\/src\/main.ts/);
});

test("compose has every service, restart policy and healthcheck, and the recordings volume", () => {
  const doc = Bun.YAML.parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as {
    services: Record<
      string,
      { restart?: string; healthcheck?: unknown; volumes?: string[]; ports?: string[] }
    >;
  };
  for (const name of ["nats", "vr-ingest", "controller", "robot-bridge", "recorder"]) {
    const svc = doc.services[name];
    expect(svc).toBeDefined();
    expect(svc?.restart).toBe("unless-stopped");
    expect(svc?.healthcheck).toBeDefined();
  }
  expect(doc.services.recorder?.volumes).toContain("./recordings:/recordings");
  expect(doc.services["vr-ingest"]?.ports).toContain("8443:8443");
  expect(doc.services.nats?.ports).toContain("8222:8222");
});
