/** `teleop record` and `teleop verify` against the real recorder over a real nats-server. */
import { beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import { useNatsBus } from "../support/natsBus";
import type { ServiceProcess } from "../support/serviceProcess";
import { CliProcess } from "./cli";

const io = useNatsBus();
let recorder: ServiceProcess;
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), "teleop-cli-rec-"));

beforeAll(async () => {
  env = { NATS_URL: io.nats.url };
  recorder = io.launch("recorder", { env: { RECORDINGS_DIR: dir } });
  await recorder.waitForLog(/ready/, 20_000);
}, 30_000);

io.onClose(async () => {
  await recorder?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function teleop(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const cli = new CliProcess(args, env);
  const code = await cli.exited;
  return { code, out: cli.stdout, err: cli.stderr };
}

test("start, status, save --failure, start, discard; save without an episode fails", async () => {
  const idle = await teleop("record", "status");
  expect(idle.code).toBe(0);
  expect(idle.out).toMatch(/^ok {2}not recording/);

  const started = await teleop("record", "start", "--json");
  expect(started.code).toBe(0);
  const reply = JSON.parse(started.out);
  expect(reply).toMatchObject({ ok: true, recording: true });
  expect(reply.path).toContain(join(dir, "failure"));

  await Bun.sleep(1000);
  const status = await teleop("record", "status", "--json");
  const s = JSON.parse(status.out);
  expect(s.recording).toBe(true);
  // About 40 frames a second; generous bounds for a shared machine.
  expect(s.frames).toBeGreaterThan(10);

  const saved = await teleop("record", "save", "--failure", "--json");
  expect(saved.code).toBe(0);
  const f = JSON.parse(saved.out);
  expect(f).toMatchObject({ ok: true, recording: false });
  expect(f.path).toContain(join(dir, "failure"));
  expect(existsSync(f.path)).toBe(true);

  // Nothing published but the recorder's own ticks: the seed's required topics are missing.
  const verified = await teleop("verify", f.path);
  expect(verified.code).toBe(1);
  expect(verified.out).toMatch(/^INVALID /);
  expect(verified.out).toMatch(/missing topic \/robot_state/);

  const again = JSON.parse((await teleop("record", "start", "--json")).out);
  expect(again.ok).toBe(true);
  const busy = await teleop("record", "start");
  expect(busy.code).toBe(1);
  expect(busy.out).toMatch(/^failed {2}recording .*error: already recording/);
  expect(busy.err).toContain(
    `an episode is being recorded (${again.path}): save it with \`teleop record save\``,
  );
  expect(busy.err).toContain("or drop it with `teleop record discard`");
  const discarded = await teleop("record", "discard");
  expect(discarded.code).toBe(0);
  expect(existsSync(again.path)).toBe(false);

  const nothing = await teleop("record", "save");
  expect(nothing.code).toBe(1);
  expect(nothing.out).toMatch(/^failed {2}not recording {2}error: /);
  expect(nothing.err).toMatch(
    /^nothing is being recorded: start an episode with `teleop record start`/,
  );
}, 40_000);

test("record start --task/--operator/--notes labels the episode; teleop episodes lists it", async () => {
  const started = await teleop(
    "record",
    "start",
    "--task",
    "put the cube in the bowl",
    "--operator",
    "ana",
    "--notes",
    "bowl on the left",
  );
  expect(started.code).toBe(0);
  expect(started.out).toContain('task="put the cube in the bowl"');
  await Bun.sleep(500);
  const saved = await teleop("record", "save", "--json");
  const reply = JSON.parse(saved.out);
  expect(reply).toMatchObject({ ok: true, task: "put the cube in the bowl" });
  expect(reply.saveMs).toBeGreaterThanOrEqual(0);
  const file = await verifyFile(reply.path);
  expect(file.metadata.final_metadata).toMatchObject({
    task: "put the cube in the bowl",
    task_source: "request",
    operator: "ana",
    notes: "bowl on the left",
  });

  const listed = await teleop("episodes", dir, "--json");
  expect(listed.code).toBe(0);
  const rows = JSON.parse(listed.out) as Array<Record<string, unknown>>;
  const row = rows.find((r) => (r.file as string).startsWith("success/"))!;
  expect(row).toMatchObject({
    state: "final",
    task: "put the cube in the bowl",
    operator: "ana",
    success: true,
    cameras: [],
  });
  // Nothing publishes VR or commands here: the episode is flagged stale on every stream.
  expect(row.flags).toEqual(expect.arrayContaining(["stale_vr_state", "stale_robot_command"]));
  const table = await teleop("episodes", dir);
  expect(table.out).toMatch(
    /^file\s+task\s+success\s+duration s\s+frames\s+rate Hz\s+cameras\s+flags/,
  );
  expect(table.out).toMatch(/success\/trajectory_\S+\s+put the cube in the bowl\s+yes\s/);
  expect(table.out).toMatch(/episodes, 0 without quality flags\n$/);
  const wrong = await teleop("record", "save", "--task", "x");
  expect(wrong.code).toBe(2);
  expect(wrong.err).toContain("--task goes with `record start`");
  const none = await teleop("episodes", join(dir, "nowhere"));
  expect(none.code).toBe(1);
  expect(none.err).toContain("cannot list");
}, 40_000);

test("record usage errors name the valid actions", async () => {
  const bad = await teleop("record", "pause");
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(
    /unknown record action "pause"; usage: teleop record start .*\| save \[--failure\]/,
  );
  const misplaced = await teleop("record", "start", "--failure");
  expect(misplaced.code).toBe(2);
  expect(misplaced.err).toMatch(/--failure goes with `record save`/);
}, 15_000);
