import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RUNTIME_ENV_KEYS, serviceRuntimeEnv } from "../../packages/cli/src/serviceRuntime";
import { serviceOfScript } from "../../packages/cli/src/stackServices";
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
  expect(errors).toMatch(
    /recorder: command runs services\/recorders\/dist\/main.js, bundled from services\/recorders\/src\/main.ts/,
  );
});

test("each service runs in compose with the runtime environment teleop run gives it", () => {
  const doc = Bun.YAML.parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
  };
  const checked: string[] = [];
  for (const [name, svc] of Object.entries(doc.services)) {
    const service = serviceOfScript(svc.command?.[1] ?? "");
    if (!service) continue;
    checked.push(service);
    const env = svc.environment ?? {};
    const runtime = serviceRuntimeEnv(service);
    for (const key of RUNTIME_ENV_KEYS) expect([name, env[key]]).toEqual([name, runtime[key]]);
  }
  expect(checked).toContain("recorder");
  expect(checked).toContain("camera");
});

type Service = {
  image?: string;
  build?: unknown;
  user?: string;
  restart?: string;
  stop_signal?: string;
  healthcheck?: unknown;
  volumes?: string[];
  ports?: string[];
  command?: string[];
  extends?: { file: string; service: string };
};
/** A compose interpolation, `${expr}` (written so, it is not mistaken for a template literal). */
const v = (expr: string) => `$${"{"}${expr}}`;
const services = (file: string) =>
  (Bun.YAML.parse(readFileSync(join(ROOT, file), "utf8")) as { services: Record<string, Service> })
    .services;

test("compose has every service, restart policy and healthcheck, one image, the recordings volume", () => {
  const svc = services("docker-compose.yml");
  for (const name of ["nats", "vr-ingest", "controller", "robot-bridge", "recorder", "dashboard"]) {
    expect(svc[name]).toBeDefined();
    expect(svc[name]?.restart).toBe("unless-stopped");
    expect(svc[name]?.healthcheck).toBeDefined();
  }
  const ours = Object.entries(svc).filter(([name]) => name !== "nats");
  expect(ours.filter(([, s]) => s.build !== undefined).map(([n]) => n)).toEqual(["controller"]);
  expect(new Set(ours.map(([, s]) => s.image))).toEqual(new Set(["teleop:latest"]));
  for (const [, s] of ours)
    expect(s.user).toBe(`${v("TELEOP_UID:-1000")}:${v("TELEOP_GID:-1000")}`);
  expect(svc.recorder?.volumes).toContain(
    `${v("TELEOP_RECORDINGS_DIR:-./recordings")}:/recordings`,
  );
  expect(svc.nats?.stop_signal).toBe("SIGINT");
});

test("every published port is on 127.0.0.1 except the WebXR page", () => {
  const published = Object.entries(services("docker-compose.yml")).flatMap(([name, s]) =>
    (s.ports ?? []).map((p) => `${name} ${p}`),
  );
  expect(published.length).toBeGreaterThan(3);
  for (const p of published) {
    if (p.startsWith("vr-ingest "))
      expect(p).toBe(`vr-ingest ${v("TELEOP_WEBXR_PORT:-8443")}:8443`);
    else expect(p).toMatch(/^\S+ 127\.0\.0\.1:/);
  }
});

test("the remote overlay opens NATS to the network only with the auth server, monitor on loopback", () => {
  expect(checkCompose(join(ROOT, "docker-compose.remote.yml"), ROOT)).toEqual([]);
  const nats = services("docker-compose.remote.yml").nats!;
  expect(nats.extends).toEqual({ file: "docker-compose.auth.yml", service: "nats" });
  const auth = services("docker-compose.auth.yml").nats!;
  expect(auth.command?.slice(0, 2)).toEqual(["-c", "/etc/nats/nats-server.conf"]);
  expect(auth.volumes).toContain("./deploy/nats-server.auth.conf:/etc/nats/nats-server.conf:ro");
  expect(nats.ports).toEqual([
    `${v("TELEOP_NATS_PORT:-4222")}:4222`,
    `127.0.0.1:${v("TELEOP_NATS_MONITOR_PORT:-8222")}:8222`,
  ]);
});
