import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  sampleState,
  writeVrRecording,
} from "../../services/vr-ingest/src/sources/replay/recordingFixture";
import { waitFor } from "../support/bus";
import { useNatsBus } from "../support/natsBus";
import { rightEdge, VrIngestWatch } from "./VrIngestWatch";

const io = useNatsBus();
const dir = mkdtempSync(join(tmpdir(), "replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = 1_764_000_000_000;

test(
  "replay at speed 2: a 1 s recording comes back in about 0.5 s, in order, with its buttons",
  async () => {
    const file = join(dir, "episode.mcap");
    // 51 samples 20 ms apart (1.0 s), one invalid entry among them.
    const messages = Array.from({ length: 51 }, (_, i) => ({
      logTimeMs: T0 + 20 * i,
      data: sampleState(i, T0),
    }));
    const s = sampleState(25, T0);
    messages.splice(25, 0, {
      logTimeMs: T0 + 499,
      data: { ...s, seq: 999, right: { ...s.right!, grip: 3 } },
    });
    await writeVrRecording(file, messages);

    const vr = await new VrIngestWatch().start(io.bus);
    const { states, arrivals, health } = vr;

    const svc = io.launch("vr-ingest", {
      args: ["--source", "replay", "--speed", "2"],
      env: { REPLAY_FILE: file },
    });
    await svc.waitForLog(/ready/);
    await svc.waitForLog(/replay finished/, 5000);
    await waitFor(() => states.length >= 51, 2000);
    expect(await waitFor(() => health.some((h) => h.detail?.finished === true), 3000)).toBe(true);
    expect(svc.proc.exitCode).toBeNull();
    expect(await svc.stop()).toBe(0);

    expect(states.length).toBe(51);
    states.forEach((s, i) => {
      expect(s.source).toBe("replay");
      expect(s.seq).toBe(i);
      expect(s.right!.pose.position[0]).toBeCloseTo(0.01 * i, 12);
    });
    // 1000 ms of recording at speed 2: 500 ms. The schedule is absolute, so later samples
    // never come early, but a first sample delayed on a busy machine shortens the span;
    // samples 20 ms apart come 10 ms apart (median: a stall is one outlier).
    const stampSpan = states.at(-1)!.t - states[0]!.t;
    const arrivalSpan = arrivals.at(-1)! - arrivals[0]!;
    expect(stampSpan).toBeGreaterThan(350);
    expect(arrivalSpan).toBeGreaterThan(300);
    const gaps = states
      .slice(1)
      .map((x, i) => x.t - states[i]!.t)
      .sort((a, b) => a - b);
    const median = gaps[gaps.length >> 1]!;
    expect(median).toBeGreaterThan(8);
    expect(median).toBeLessThan(14);

    expect(vr.buttonEdges()).toEqual([
      rightEdge("replay", "primary", true),
      rightEdge("replay", "primary", false),
    ]);
    const h = health.findLast((x) => x.detail?.finished === true)!;
    expect(h.counters["rejected.replay-invalid"]).toBe(1);
    expect(h.detail).toMatchObject({ source: "replay", messages: 51, played: 51, speed: 2 });
  },
  { timeout: 15_000 },
);

test("a missing replay file stops start-up with the reason", async () => {
  const svc = io.launch("vr-ingest", {
    args: ["--source", "replay"],
    env: { REPLAY_FILE: join(dir, "nope.mcap") },
  });
  expect(await svc.exited).toBe(1);
  expect(svc.log).toContain("nope.mcap does not exist");
});
