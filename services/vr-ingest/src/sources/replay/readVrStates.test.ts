import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readVrStates, VR_TOPIC } from "./readVrStates";
import { sampleState, writeVrRecording } from "./recordingFixture";

const dir = mkdtempSync(join(tmpdir(), "replay-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = 1_764_000_000_000;

test("the raw VR channel is /teleop/vr/state", () => {
  expect(VR_TOPIC).toBe("/teleop/vr/state");
});

test("reads valid states in order, skips repeats, reports invalid ones, ignores other topics", async () => {
  const path = join(dir, "mixed.mcap");
  const s3 = sampleState(3, T0);
  await writeVrRecording(path, [
    { logTimeMs: T0, data: sampleState(0, T0) },
    { logTimeMs: T0 + 20, data: sampleState(1, T0) },
    { logTimeMs: T0 + 25, data: sampleState(1, T0) },
    { logTimeMs: T0 + 30, data: "{ not json" },
    { logTimeMs: T0 + 35, data: { ...s3, right: { ...s3.right!, trigger: 5 } } },
    { logTimeMs: T0 + 40, data: sampleState(2, T0) },
  ]);
  const r = await readVrStates(path);
  expect(r.indexed).toBe(true);
  expect(r.records.map((x) => x.state.seq)).toEqual([0, 1, 2]);
  expect(r.records[2]!.state.right!.pose.position).toEqual([0.02, 1, -0.3]);
  expect(r.records[1]!.logTimeNs).toBe(BigInt(T0 + 20) * 1_000_000n);
  expect(r.duplicates).toBe(1);
  expect(r.invalid.map((x) => x.kind)).toEqual(["malformed", "invalid"]);
  expect(r.invalid[1]!.reason).toContain("/right/trigger");
});

test("a recording cut short is read front to back up to its last complete chunk", async () => {
  const path = join(dir, "full.mcap");
  const msgs = Array.from({ length: 200 }, (_, i) => ({
    logTimeMs: T0 + 20 * i,
    data: sampleState(i, T0),
  }));
  const bytes = await writeVrRecording(path, msgs, 4096);
  const cut = join(dir, "cut.mcap");
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const r = await readVrStates(cut);
  expect(r.indexed).toBe(false);
  expect(r.records.length).toBeGreaterThan(20);
  expect(r.records.length).toBeLessThan(200);
  r.records.forEach((x, i) => {
    expect(x.state.seq).toBe(i);
  });
});
