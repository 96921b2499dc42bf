/**
 * The stack under a real Docker engine with the repository's Dockerfile and
 * compose files, unchanged (make test-compose; scripts/test-compose.sh installs
 * and starts the engine and builds the base images first). Not part of
 * `bun test`: the file name does not end in .test.ts.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { chownSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { createLogger } from "@teleop/shared/log";
import {
  EventMsg,
  type Health,
  HealthMsg,
  RobotCommandMsg,
  RobotStateMsg,
} from "@teleop/shared/messages";
import { CliProcess } from "../cli/cli";
import { waitFor } from "../support/bus";
import { freePort } from "../support/natsServer";
import { ComposeProject, run } from "./ComposeProject";

setDefaultTimeout(180_000);

const PROJECT = process.env.COMPOSE_TEST_PROJECT ?? `teleop-test-${process.pid}`;
const UID = process.env.TELEOP_UID ?? "1000";
const GID = process.env.TELEOP_GID ?? UID;
const SERVICES = [
  "nats",
  "vr-ingest",
  "controller",
  "robot-bridge",
  "recorder",
  "camera",
  "dashboard",
  "foxglove",
];
const PASSWORDS = {
  VR_INGEST_PASSWORD: `vr-${crypto.randomUUID()}`,
  CONTROLLER_PASSWORD: `ctl-${crypto.randomUUID()}`,
  ROBOT_BRIDGE_PASSWORD: `bridge-${crypto.randomUUID()}`,
  RECORDER_PASSWORD: `rec-${crypto.randomUUID()}`,
  OPERATOR_PASSWORD: `op-${crypto.randomUUID()}`,
  CAMERA_PASSWORD: `cam-${crypto.randomUUID()}`,
  FOXGLOVE_PASSWORD: `fox-${crypto.randomUUID()}`,
};

const recordings = mkdtempSync(join(tmpdir(), "teleop-compose-rec-"));
/** The remote overlay's NATS certificate (`teleop nats-cert` writes it here). */
const natsCerts = mkdtempSync(join(tmpdir(), "teleop-compose-certs-"));
const natsCert = join(natsCerts, "nats-cert.pem");
/** Set once the remote overlay's server (TLS only) is up. */
let tlsCaFile: string | undefined;
let env: Record<string, string>;
let stack: ComposeProject;
let auth: ComposeProject;
let natsUrl: string;
let bus: Bus;

/** Waits for `cond`; the expectation names what was awaited, so a failure says which. */
async function expectWithin(what: string, cond: () => boolean, ms: number): Promise<void> {
  expect({ what, held: await waitFor(cond, ms, 100) }).toEqual({ what, held: true });
}

/** A client of the stack's NATS from this host, as `user` (none: no credentials). */
const connectAs = (user?: string, password?: string, url = natsUrl) =>
  Bus.connect({
    url,
    service: user ?? "compose-test",
    instance: `compose-test-${user ?? "anonymous"}`,
    prefix: "teleop",
    log: createLogger("compose-test", "error"),
    user,
    password,
    tlsCaFile,
    waitOnFirstConnect: false,
    timeoutMs: 3000,
  });

/** A loopback port p with p..p+9 free (the dashboard's range). */
async function freeRange(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (p + 9 < 65536) return p;
  }
}

/** The host's own non-loopback IPv4 addresses (not Docker's bridges). */
function hostAddresses(): string[] {
  return Object.entries(networkInterfaces())
    .filter(([name]) => !/^(docker|br-|veth)/.test(name))
    .flatMap(([, list]) => list ?? [])
    .filter((i) => i.family === "IPv4" && !i.internal)
    .map((i) => i.address);
}

async function tcpOpen(host: string, port: number): Promise<boolean> {
  try {
    const socket = await Bun.connect({ hostname: host, port, socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
}

async function teleop(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const cli = new CliProcess(args, { NATS_URL: natsUrl, ...cliAuth });
  const code = await cli.exited;
  if (code !== 0)
    console.log(`teleop ${args.join(" ")} -> exit ${code}: ${cli.stderr}${cli.stdout}`);
  return { code, out: cli.stdout, err: cli.stderr };
}
let cliAuth: Record<string, string> = {};

/** The latest health of every controller instance, gathered for `ms`. */
async function controllerRoles(ms = 3000): Promise<Map<string, Health>> {
  const seen = new Map<string, Health>();
  const sub = bus.subscribe(bus.subjects.health("controller"), HealthMsg, (h) =>
    seen.set(h.instance, h),
  );
  await Bun.sleep(ms);
  sub.unsubscribe();
  return seen;
}

/** Whether commands made after `since` reach NATS within the timeout. */
async function commandsFlow(since: number, timeoutMs = 20_000): Promise<boolean> {
  let fresh = 0;
  const sub = bus.subscribe(bus.subjects.robotCommand, RobotCommandMsg, (c) => {
    if (c.t > since) fresh++;
  });
  const ok = await waitFor(() => fresh >= 10, timeoutMs, 100);
  sub.unsubscribe();
  return ok;
}

/** `down` exits 0, every container exited 0 and every service said it stopped. */
async function downCleanly(project: ComposeProject): Promise<void> {
  const { down, logs } = await project.downFollowingLogs();
  expect(down.code).toBe(0);
  for (const service of SERVICES) {
    const log = logs.get(service) ?? "";
    const clean = service === "nats" ? /Server Exiting/ : new RegExp(`${service} stopped`);
    expect({ service, clean: clean.test(log) }).toEqual({ service, clean: true });
  }
  const codes = await project.exitCodes();
  const last = [...codes].map(([name, c]) => [name, c.at(-1)]);
  expect(last.length).toBeGreaterThanOrEqual(SERVICES.length);
  expect(last.filter(([, c]) => c !== 0)).toEqual([]);
}

beforeAll(async () => {
  chownSync(recordings, Number(UID), Number(GID));
  const dashboard = await freeRange();
  env = {
    TELEOP_UID: UID,
    TELEOP_GID: GID,
    TELEOP_RECORDINGS_DIR: recordings,
    TELEOP_NATS_PORT: String(await freePort()),
    TELEOP_NATS_MONITOR_PORT: String(await freePort()),
    TELEOP_WEBXR_PORT: String(await freePort()),
    TELEOP_DASHBOARD_PORTS: `${dashboard}-${dashboard + 9}`,
  };
  natsUrl = `nats://127.0.0.1:${env.TELEOP_NATS_PORT}`;
  stack = new ComposeProject(PROJECT, ["docker-compose.yml"], env);
  auth = new ComposeProject(
    `${PROJECT}-auth`,
    ["docker-compose.yml", "docker-compose.auth.yml", "docker-compose.remote.yml"],
    {
      ...env,
      ...PASSWORDS,
      TELEOP_NATS_CERTS: natsCerts,
    },
  );
  expect((await stack.compose("build")).code).toBe(0);
}, 600_000);

afterAll(async () => {
  await bus?.close();
  for (const p of [stack, auth]) {
    if (p && (await p.ps()).length > 0) await p.compose("down", "--volumes", "--remove-orphans");
  }
  rmSync(recordings, { recursive: true, force: true });
  rmSync(natsCerts, { recursive: true, force: true });
});

test("docker compose up --wait exits 0 with every service running and healthy", async () => {
  expect((await stack.compose("up", "--detach", "--wait")).code).toBe(0);
  const ps = await stack.ps();
  expect(ps.map((c) => c.Service).sort()).toEqual([...SERVICES].sort());
  for (const c of ps) {
    expect({ service: c.Service, state: c.State, health: c.Health }).toEqual({
      service: c.Service,
      state: "running",
      health: "healthy",
    });
  }
  bus = await connectAs();
});

test("published ports listen on 127.0.0.1 only, except the WebXR page", async () => {
  for (const c of await stack.ps()) {
    for (const p of (c.Publishers ?? []).filter((p) => p.PublishedPort > 0)) {
      const everywhere = c.Service === "vr-ingest" && p.TargetPort === 8443;
      expect({ service: c.Service, port: p.TargetPort, url: p.URL }).toEqual({
        service: c.Service,
        port: p.TargetPort,
        url: everywhere ? expect.stringMatching(/^(0\.0\.0\.0|::)$/) : "127.0.0.1",
      });
    }
  }
  // From the network (this machine's own address, not loopback) neither NATS nor the dashboard answers.
  const addresses = hostAddresses();
  expect(addresses.length).toBeGreaterThan(0);
  const [dashboard] = await stack.containers("dashboard");
  const ports = {
    nats: Number(env.TELEOP_NATS_PORT),
    monitor: Number(env.TELEOP_NATS_MONITOR_PORT),
    dashboard: dashboard!.Publishers![0]!.PublishedPort,
  };
  for (const [what, port] of Object.entries(ports)) {
    expect({ what, loopback: await tcpOpen("127.0.0.1", port) }).toEqual({ what, loopback: true });
    for (const a of addresses) {
      expect({ what, a, open: await tcpOpen(a, port) }).toEqual({ what, a, open: false });
    }
  }
});

/** Waits out the scripted operator's own episode (A starts it, B saves it). */
async function recorderIdle(): Promise<boolean> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const r = await teleop("record", "status", "--json");
    if (r.code === 0 && JSON.parse(r.out).recording === false) return true;
    await Bun.sleep(500);
  }
  return false;
}

test("a recording started and saved from the host verifies and belongs to TELEOP_UID", async () => {
  expect({ recorderIdle: await recorderIdle() }).toEqual({ recorderIdle: true });
  const started = await teleop("record", "start", "--json");
  expect(started.code).toBe(0);
  await Bun.sleep(3000);
  const saved = await teleop("record", "save", "--json");
  expect(saved.code).toBe(0);
  const reply = JSON.parse(saved.out) as { ok: boolean; path: string };
  expect(reply.ok).toBe(true);
  const onHost = join(recordings, relative("/recordings", reply.path));
  const report = await verifyFile(onHost);
  expect({ valid: report.valid, errors: report.errors }).toEqual({ valid: true, errors: [] });
  expect(report.frames).toBeGreaterThan(60);
  expect(statSync(onHost).uid).toBe(Number(UID));
});

test("restart controller: healthy again and driving", async () => {
  const before = now();
  expect((await stack.compose("restart", "controller")).code).toBe(0);
  expect(await stack.allHealthy()).toBe(true);
  expect({ commandsFlow: await commandsFlow(before) }).toEqual({ commandsFlow: true });
  const roles = [...(await controllerRoles()).values()].map((h) => h.detail?.role);
  expect(roles).toContain("active");
});

test("kill -9 of the recorder mid-episode: restarted, the cut file recovered and readable", async () => {
  expect((await teleop("record", "start", "--json")).code).toBe(0);
  await Bun.sleep(2500);
  const [recorder] = await stack.containers("recorder");
  const restarts = await stack.restartCount(recorder!.ID);
  const pid = await stack.mainPid(recorder!.ID);
  process.kill(pid, "SIGKILL");
  console.log(`compose: killed the recorder's bun (host pid ${pid}) with SIGKILL`);
  const until = Date.now() + 30_000;
  while (Date.now() < until && (await stack.restartCount(recorder!.ID)) === restarts)
    await Bun.sleep(500);
  expect(await stack.restartCount(recorder!.ID)).toBe(restarts + 1);
  expect(await stack.allHealthy()).toBe(true);
  let log = "";
  for (let i = 0; i < 60 && !/recovered an unfinished recording/.test(log); i++) {
    log = await stack.logs("recorder");
    await Bun.sleep(500);
  }
  expect(log).toMatch(/recovered an unfinished recording/);
  const failure = join(recordings, "failure");
  const files = readdirSync(failure).map((f) => join(failure, f));
  const reports = await Promise.all(files.map((f) => verifyFile(f)));
  const recovered = reports.filter((r) => r.recovered);
  expect(recovered.length).toBe(1);
  expect(recovered[0]!.valid).toBe(true);
  expect(recovered[0]!.frames).toBeGreaterThan(20);
});

test("--scale controller=2: exactly one active; a kill -9 of it hands over to the other", async () => {
  expect((await stack.compose("up", "--detach", "--wait", "--scale", "controller=2")).code).toBe(0);
  const roles = await controllerRoles();
  expect(roles.size).toBe(2);
  const active = [...roles.values()].filter((h) => h.detail?.role === "active");
  expect(active.length).toBe(1);
  const host = active[0]!.instance.replace(/-\d+$/, "");
  const victim = (await stack.containers("controller")).find((c) => c.ID.startsWith(host));
  expect(victim).toBeDefined();
  const killedAt = now();
  expect((await run(["docker", "kill", "--signal", "KILL", victim!.ID])).code).toBe(0);
  console.log(`compose: killed the active controller ${victim!.Name} with SIGKILL`);
  let handedTo: string | undefined;
  const sub = bus.subscribe(bus.subjects.health("controller"), HealthMsg, (h) => {
    if (h.detail?.role === "active" && h.instance !== active[0]!.instance) handedTo = h.instance;
  });
  await expectWithin("a standby takes over", () => handedTo !== undefined, 15_000);
  sub.unsubscribe();
  expect({ commandsFlow: await commandsFlow(killedAt) }).toEqual({ commandsFlow: true });
  const after = [...(await controllerRoles()).values()].filter((h) => h.detail?.role === "active");
  expect(after.map((h) => h.instance)).toEqual([handedTo!]);
  expect((await stack.compose("up", "--detach", "--wait", "--scale", "controller=1")).code).toBe(0);
});

test("--scale dashboard=2: each replica on its own loopback port, both serving", async () => {
  expect((await stack.compose("up", "--detach", "--wait", "--scale", "dashboard=2")).code).toBe(0);
  const ports = (await stack.containers("dashboard")).flatMap((c) =>
    (c.Publishers ?? []).filter((p) => p.PublishedPort > 0).map((p) => p.PublishedPort),
  );
  expect(new Set(ports).size).toBe(2);
  for (const port of ports) {
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  }
  expect((await stack.compose("up", "--detach", "--wait", "--scale", "dashboard=1")).code).toBe(0);
});

test("health means something: with NATS stopped every service turns unhealthy, and healthy again after", async () => {
  await bus.close();
  expect((await stack.compose("stop", "nats")).code).toBe(0);
  const ours = SERVICES.filter((s) => s !== "nats");
  const until = Date.now() + 60_000;
  let health: string[] = [];
  while (Date.now() < until) {
    health = (await stack.ps()).filter((c) => c.Service !== "nats").map((c) => c.Health);
    if (health.length === ours.length && health.every((h) => h === "unhealthy")) break;
    await Bun.sleep(1000);
  }
  expect(health).toEqual(ours.map(() => "unhealthy"));
  expect((await stack.compose("start", "nats")).code).toBe(0);
  expect(await stack.allHealthy()).toBe(true);
  bus = await connectAs();
  expect({ commandsFlow: await commandsFlow(now()) }).toEqual({ commandsFlow: true });
});

test("down exits 0 and every service logged a clean shutdown", async () => {
  await bus.close();
  await downCleanly(stack);
  expect(await stack.ps()).toEqual([]);
});

test("the auth and remote overlays: TLS only, no login refused, a forged command never delivered, the arm driven, a recording verifies", async () => {
  const made = new CliProcess(["nats-cert", "--out", natsCerts], {});
  expect(await made.exited).toBe(0);
  expect((await auth.compose("up", "--detach", "--wait")).code).toBe(0);
  const upAt = now();
  // Other machines reach NATS (this machine's own address stands in for them), over TLS only, never without credentials.
  const [address] = hostAddresses();
  const fromNetwork = `tls://${address}:${env.TELEOP_NATS_PORT}`;
  await expect(connectAs("operator", PASSWORDS.OPERATOR_PASSWORD, fromNetwork)).rejects.toThrow(
    /requires TLS/,
  );
  tlsCaFile = natsCert;
  await expect(connectAs(undefined, undefined, fromNetwork)).rejects.toThrow(/Authorization|auth/i);
  await expect(connectAs()).rejects.toThrow(/Authorization|auth/i);
  expect(await tcpOpen(address!, Number(env.TELEOP_NATS_MONITOR_PORT))).toBe(false);
  const recorderUser = await connectAs("recorder", PASSWORDS.RECORDER_PASSWORD, fromNetwork);
  const operator = await connectAs("operator", PASSWORDS.OPERATOR_PASSWORD);
  bus = operator;
  cliAuth = {
    NATS_USER: "operator",
    NATS_PASSWORD: PASSWORDS.OPERATOR_PASSWORD,
    NATS_TLS_CA: natsCert,
  };
  try {
    const forged = 987_654_321;
    const seen: number[] = [];
    const applied: number[] = [];
    recorderUser.subscribe(recorderUser.subjects.robotCommand, RobotCommandMsg, (c) =>
      seen.push(c.seq),
    );
    recorderUser.subscribe(recorderUser.subjects.robotState, RobotStateMsg, (s) => {
      if (s.commandSeq !== null) applied.push(s.commandSeq);
    });
    let savedPath: string | undefined;
    operator.subscribe(operator.subjects.events, EventMsg, (e) => {
      if (e.type === EventType.episodeSaved) savedPath = String(e.data?.path);
    });
    await recorderUser.flush();
    await operator.flush();
    operator.publish(operator.subjects.robotCommand, {
      v: 1,
      seq: forged,
      t: now(),
      deadline: now() + 1000,
      mode: "realtime",
      movement: true,
      target: { position: [0.6, 0.3, 0.1], orientation: [1, 0, 0, 0] },
      gripper: 1,
      action: [0, 0, 0, 0, 0, 0, 0],
      reset: false,
      vrSeq: null,
      vrT: null,
      robotSeq: null,
    });
    await operator.flush().catch(() => {});
    // The scripted pick-and-place plays once from vr-ingest's start: once its episode is saved, play it again while watching.
    expect({ recorderIdle: await recorderIdle() }).toEqual({ recorderIdle: true });
    expect((await auth.compose("restart", "vr-ingest")).code).toBe(0);
    await expectWithin("the bridge applies commands", () => applied.length > 5, 60_000);
    expect(seen.length).toBeGreaterThan(20);
    expect(seen).not.toContain(forged);
    const roles = [...(await controllerRoles()).values()];
    expect(roles.map((h) => [h.status, h.detail?.role])).toEqual([["ok", "active"]]);
    expect({ commandsFlow: await commandsFlow(upAt) }).toEqual({ commandsFlow: true });

    // The replayed pick-and-place records its own episode (A starts, B saves) through the recorder user.
    await expectWithin("the episode is saved", () => savedPath !== undefined, 60_000);
    const episode = await verifyFile(join(recordings, relative("/recordings", savedPath!)));
    expect({ valid: episode.valid, success: episode.success }).toEqual({
      valid: true,
      success: true,
    });
    // The operator user may use the recorder.
    expect((await teleop("record", "status")).code).toBe(0);
    for (const service of SERVICES.filter((s) => s !== "nats")) {
      const refused = (await auth.logs(service)).match(/.*Permissions Violation.*/g) ?? [];
      expect({ service, refused }).toEqual({ service, refused: [] });
    }
  } finally {
    await recorderUser.close();
    await operator.close();
  }
  await downCleanly(auth);
});
