/** `teleop tap | hz | status` over a real nats-server, with publishers run by the test. */
import { beforeAll, expect, test } from "bun:test";
import { encode } from "@teleop/shared/codec";
import { useNatsBus } from "../support/natsBus";
import { freePort } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";
import { CliProcess } from "./cli";

const io = useNatsBus();
let env: Record<string, string>;

beforeAll(async () => {
  env = { NATS_URL: io.nats.url, TELEOP_PREFIX: "teleop" };
});

/** Publish on the subjects every `periodMs` until stopped. */
function publishEvery(periodMs: number, publish: (i: number) => void): () => void {
  let i = 0;
  const timer = setInterval(() => publish(i++), periodMs);
  return () => clearInterval(timer);
}

test("tap prints one JSON line per message and a note for an undecodable one", async () => {
  const stop = publishEvery(20, (i) => {
    io.bus.publish("teleop.test.a", { v: 1, t: Date.now(), seq: i, pose: { position: [i, 0, 0] } });
    // A msgpack array header announcing two elements, followed by one.
    io.bus.nc.publish("teleop.test.bad", new Uint8Array([0x92, 0x01]));
  });
  const tap = new CliProcess(["tap", "teleop.test.>", "--count", "6", "--json"], env);
  const code = await tap.exited;
  stop();
  expect(code).toBe(0);
  const lines = tap.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines.length).toBe(6);
  const good = lines.filter((l) => l.subject === "teleop.test.a");
  const bad = lines.filter((l) => l.subject === "teleop.test.bad");
  expect(good.length).toBeGreaterThan(0);
  expect(bad.length).toBeGreaterThan(0);
  for (const l of good) expect(l.msg.pose.position).toEqual([l.msg.seq, 0, 0]);
  const seqs = good.map((l) => l.msg.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  for (const l of bad) expect(l.note).toMatch(/undecodable payload \(2 bytes\): truncated/);
}, 15_000);

test("tap --fields picks dotted paths and shows a missing one as null", async () => {
  const stop = publishEvery(20, (i) =>
    io.bus.publish("teleop.test.f", { t: Date.now(), seq: i, pose: { position: [0.5, i, 0] } }),
  );
  const tap = new CliProcess(
    ["tap", "teleop.test.f", "--fields", "seq,pose.position.1,nope", "--count", "2", "--json"],
    env,
  );
  expect(await tap.exited).toBe(0);
  stop();
  for (const line of tap.stdout.trim().split("\n")) {
    const { msg } = JSON.parse(line);
    expect(Object.keys(msg)).toEqual(["seq", "pose.position.1", "nope"]);
    expect(msg["pose.position.1"]).toBe(msg.seq);
    expect(msg.nope).toBeNull();
  }
}, 15_000);

test("without a pattern, tap shows everything under TELEOP_PREFIX and nothing else", async () => {
  const stop = publishEvery(20, (i) => {
    io.bus.publish("rig3.robot.state", { t: Date.now(), seq: i });
    io.bus.publish("teleop.robot.state", { t: Date.now(), seq: i });
  });
  const tap = new CliProcess(["tap", "--count", "4", "--json"], { ...env, TELEOP_PREFIX: "rig3" });
  expect(await tap.exited).toBe(0);
  stop();
  const subjects = tap.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l).subject);
  expect(subjects).toEqual([
    "rig3.robot.state",
    "rig3.robot.state",
    "rig3.robot.state",
    "rig3.robot.state",
  ]);
}, 15_000);

test("tap's default is one readable line per message: local time, subject, rounded fields", async () => {
  const stop = publishEvery(20, (i) =>
    io.bus.publish("teleop.test.r", {
      v: 1,
      seq: i,
      t: Date.now() + 0.123456,
      pose: { position: [0.123456789, 0, 0.3] },
    }),
  );
  const tap = new CliProcess(["tap", "teleop.test.r", "--count", "3"], env);
  expect(await tap.exited).toBe(0);
  stop();
  const lines = tap.stdout.trim().split("\n");
  expect(lines).toHaveLength(3);
  for (const l of lines) {
    expect(l).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} teleop\.test\.r v=1 seq=\d+ pose\.position=\[0\.1235, 0, 0\.3\]$/,
    );
  }
}, 15_000);

test("a bad subject is a usage error: tap and hz exit 2 at once naming the problem", async () => {
  for (const cmd of ["tap", "hz"]) {
    const cli = new CliProcess([cmd, "teleop..bad"], env);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr).toMatch(/bad subject: "teleop\.\.bad" has an empty token/);
    expect(cli.stderr).toMatch(/see teleop (tap|hz) --help/);
  }
}, 15_000);

test("hz reports about 50 Hz and 10 Hz streams per subject with small ages", async () => {
  const fast = publishEvery(20, (i) => io.bus.publish("teleop.hz.fast", { t: Date.now(), seq: i }));
  const slow = publishEvery(100, (i) =>
    io.bus.publish("teleop.hz.slow", { t: Date.now(), seq: i }),
  );
  const hz = new CliProcess(["hz", "teleop.hz.>", "--window", "2", "--duration", "3"], env);
  expect(await hz.exited).toBe(0);
  fast();
  slow();
  const blocks = hz.stdout.trim().split("\n\n");
  const last = blocks.at(-1)!;
  const row = (subject: string) => {
    const cols = last
      .split("\n")
      .find((l) => l.startsWith(subject))
      ?.split(/\s+/);
    expect(cols).toBeDefined();
    return {
      hz: Number(cols![1]),
      min: Number(cols![2]),
      max: Number(cols![3]),
      age: Number(cols![5]),
    };
  };
  const f = row("teleop.hz.fast");
  const s = row("teleop.hz.slow");
  // Generous bounds: timers on a shared 2-core machine.
  expect(f.hz).toBeGreaterThan(35);
  expect(f.hz).toBeLessThan(65);
  expect(s.hz).toBeGreaterThan(7);
  expect(s.hz).toBeLessThan(13);
  expect(f.min).toBeLessThanOrEqual(f.max);
  expect(f.age).toBeLessThan(500);
  expect(s.age).toBeLessThan(800);
}, 15_000);

test("status lists a live service with its loop, and shows it down within 3 s of silence after a kill", async () => {
  const svc = new ServiceProcess({ script: "test/cli/healthPublisher.ts", env });
  await svc.waitForLog(/ready/);
  const once = new CliProcess(["status", "--once"], env);
  expect(await once.exited).toBe(0);
  expect(once.stdout).toMatch(/^fake-svc\s+\S+\s+OK\s+\S+\s+tick \d+\.\dHz p99 \d+\.\dms/m);
  for (const line of once.stdout.trimEnd().split("\n"))
    expect(line.length).toBeLessThanOrEqual(120);

  const status = new CliProcess(["status"], env);
  await status.waitForStdout(/fake-svc\s+\S+\s+OK/, 5000);
  expect(status.stdout).not.toMatch(/DOWN/);
  svc.proc.kill("SIGKILL");
  const killedAt = Date.now();
  await status.waitForStdout(/fake-svc\s+\S+\s+DOWN/, 8000);
  const after = Date.now() - killedAt;
  // The last health left at most 1 s before the kill; down is shown 3 s after it (+ refresh).
  expect(after).toBeLessThan(5000);
  expect(await status.stop()).toBe(0);
}, 25_000);

test("status honours TELEOP_PREFIX: a second rig's services stay apart", async () => {
  const other = new ServiceProcess({
    script: "test/cli/healthPublisher.ts",
    env: { ...env, TELEOP_PREFIX: "rig2", FAKE_SERVICE_NAME: "rig2-svc" },
  });
  await other.waitForLog(/ready/);
  const mine = new CliProcess(["status", "--once"], env);
  const theirs = new CliProcess(["status", "--once", "--prefix", "rig2"], env);
  expect(await mine.exited).toBe(0);
  expect(await theirs.exited).toBe(0);
  await other.stop();
  expect(theirs.stdout).toMatch(/^rig2-svc\s+/m);
  expect(mine.stdout).not.toMatch(/rig2-svc/);
}, 20_000);

test("an unreachable NATS gives a clear error naming the URL and what to start", async () => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  for (const args of [
    ["status", "--once"],
    ["tap", "teleop.>"],
    ["record", "status"],
  ]) {
    const cli = new CliProcess(args, { NATS_URL: url });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr).toContain(`cannot connect to NATS at ${url}`);
    expect(cli.stderr).toMatch(/nats-server|make run/);
  }
}, 20_000);

test("undecodable health does not crash status", async () => {
  const status = new CliProcess(["status"], env);
  await status.waitForStdout(/SERVICE|no service/, 5000);
  io.bus.nc.publish("teleop.health.broken", encode({ v: 1, service: 3 }));
  io.bus.nc.publish("teleop.health.broken", new Uint8Array([0xc1, 0xc1]));
  await Bun.sleep(700);
  expect(status.proc.exitCode).toBeNull();
  expect(await status.stop()).toBe(0);
}, 15_000);

test("every command answers --help (and -h) with what it does, its options and an example, exit 0", async () => {
  const names = ["run", "demo", "dashboard", "tap", "hz", "status", "record", "verify"];
  const top = new CliProcess(["--help"], env);
  expect(await top.exited).toBe(0);
  for (const name of names) {
    expect(top.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    const help = new CliProcess([name, name === "verify" ? "-h" : "--help"], env);
    expect(await help.exited).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^teleop ${name}: \\S`));
    expect(help.stdout).toMatch(new RegExp(`\\nusage: teleop ${name}\\b`));
    expect(help.stdout).toMatch(/\noptions:\n {2}-/);
    expect(help.stdout).toMatch(new RegExp(`\\nexamples:\\n {2}(\\S+=\\S+ )?teleop ${name}\\b`));
    expect(help.stderr).toBe("");
  }
}, 30_000);

test("verify on a missing file says so and exits 2", async () => {
  const cli = new CliProcess(["verify", "recordings/no/such/file.mcap"], env);
  expect(await cli.exited).toBe(2);
  expect(cli.stderr).toBe("teleop verify: no such file: recordings/no/such/file.mcap\n");
  expect(cli.stdout).toBe("");
}, 15_000);
