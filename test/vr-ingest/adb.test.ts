import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventType } from "@teleop/shared/events";
import { testBus, waitFor } from "../support/bus";
import { useNatsBus } from "../support/natsBus";
import type { ServiceProcess } from "../support/serviceProcess";
import { rightEdge, VrIngestWatch } from "./VrIngestWatch";

const FIXTURES = join(import.meta.dir, "fixtures");
const ACTIVITY = "com.rail.oculus.teleop/com.rail.oculus.teleop.MainActivity";
const S = Math.SQRT1_2;

const io = useNatsBus();
const stateDirs: string[] = [];
afterAll(() => {
  for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  svc: ServiceProcess;
  stateDir: string;
  calls(): string[];
}

/** vr-ingest on the adb source with the stand-in adb first on PATH, under its own prefix. */
function startAdb(prefix: string, env: Record<string, string> = {}, args: string[] = []): Run {
  const stateDir = mkdtempSync(join(tmpdir(), "fake-adb-"));
  stateDirs.push(stateDir);
  const svc = io.launch("vr-ingest", {
    args: ["--source", "adb", ...args],
    env: {
      TELEOP_PREFIX: prefix,
      PATH: `${FIXTURES}:${process.env.PATH}`,
      FAKE_ADB_STATE: stateDir,
      ...env,
    },
  });
  const calls = () => {
    try {
      return readFileSync(join(stateDir, "calls.log"), "utf8").trim().split("\n");
    } catch {
      return [];
    }
  };
  return { svc, stateDir, calls };
}

async function watch(prefix: string) {
  const b = await testBus(io.nats.url, "watch", prefix);
  return Object.assign(await new VrIngestWatch().start(b), { b });
}

test(
  "adb stand-in: poses and buttons at ~72 Hz, bad lines counted, untracked after silence, logcat restarted",
  async () => {
    const w = await watch("adbok");
    const run = startAdb("adbok");
    await run.svc.waitForLog(/ready/);
    // First logcat: 100 lines (~1.4 s), 400 ms of silence, exit; then a restart that streams.
    expect(await waitFor(() => w.states.some((s) => s.right?.tracked === false), 8000)).toBe(true);
    await run.svc.waitForLog(/logcat exited/, 5000);
    const untrackedAt = w.states.findIndex((s) => s.right?.tracked === false);
    expect(
      await waitFor(
        () => w.states.slice(untrackedAt).filter((s) => s.right?.tracked).length > 20,
        8000,
      ),
    ).toBe(true);
    const n0 = w.states.length;
    const t0 = performance.now();
    await Bun.sleep(1000);
    const hz = ((w.states.length - n0) * 1000) / (performance.now() - t0);
    await waitFor(() => (w.health.at(-1)?.detail?.logcatRestarts as number) >= 1, 3000);
    expect(run.svc.proc.exitCode).toBeNull();
    expect(await run.svc.stop()).toBe(0);
    await w.b.close();

    // 72 lines/s, one in ten malformed: about 65 frames/s; loose bounds for a busy machine.
    expect(hz).toBeGreaterThan(30);
    expect(hz).toBeLessThan(80);

    const first = w.states.find((s) => s.right?.tracked)!;
    expect(first.source).toBe("adb");
    const r = first.right!;
    expect(r.pose.position[0]).toBeGreaterThanOrEqual(0.1);
    expect(r.pose.position[0]).toBeLessThan(0.15);
    expect(r.pose.position[1]).toBeCloseTo(0.2, 9);
    expect(r.pose.position[2]).toBeCloseTo(-0.3, 9);
    // Rows (0 0 1 | 0 1 0 | -1 0 0): 90 degrees about +Y.
    expect(r.pose.orientation[1]).toBeCloseTo(S, 6);
    expect(r.pose.orientation[3]).toBeCloseTo(S, 6);
    expect(r.trigger).toBe(0.25);
    const l = first.left!;
    expect(l.pose.position).toEqual([-0.1, 0.2, -0.3]);
    expect(l.pose.orientation[3]).toBeCloseTo(1, 6);

    const edges = w.buttonEdges();
    expect(edges).toContainEqual(rightEdge("adb", "grip", true));
    expect(edges).toContainEqual(rightEdge("adb", "primary", true));
    expect(edges).toContainEqual(rightEdge("adb", "primary", false));
    expect(w.states.some((s) => s.right?.buttons.grip && s.right.grip === 1)).toBe(true);
    const rejected = w.events.filter((e) => e.type === EventType.inputRejected);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]!.data).toMatchObject({ source: "adb" });
    expect(w.events.some((e) => e.type === EventType.deviceDisconnected)).toBe(true);

    const h = w.health.at(-1)!;
    expect(h.counters["rejected.malformed"]).toBeGreaterThan(0);
    expect(h.counters["rejected.count"]).toBeGreaterThan(0);
    expect(h.counters["rejected.number"]).toBeGreaterThan(0);
    // Well-formed but 1e30 m away: parsed, then refused by the frame check.
    expect(h.counters["rejected.bounds"]).toBeGreaterThan(0);
    expect(h.detail).toMatchObject({ source: "adb", adb: "streaming", serial: "1WMHH812345678" });
    expect(h.detail?.logcatRestarts).toBeGreaterThanOrEqual(1);

    const calls = run.calls();
    expect(calls).toContain("devices");
    expect(calls).toContain(`-s 1WMHH812345678 shell am start -n ${ACTIVITY}`);
    const logcats = calls.filter((c) => c === "-s 1WMHH812345678 logcat -T 0 -v raw -s wE9ryARX:I");
    expect(logcats.length).toBeGreaterThanOrEqual(2);
  },
  { timeout: 30_000 },
);

test(
  "--ip connects over Wi-Fi adb and streams from that address",
  async () => {
    const w = await watch("adbip");
    const run = startAdb("adbip", { FAKE_ADB_DEVICES: "none" }, ["--ip", "192.168.1.50"]);
    await run.svc.waitForLog(/ready/);
    expect(await waitFor(() => w.states.some((s) => s.right?.tracked), 8000)).toBe(true);
    expect(await run.svc.stop()).toBe(0);
    await w.b.close();
    const calls = run.calls();
    expect(calls).toContain("connect 192.168.1.50:5555");
    expect(calls).toContain("-s 192.168.1.50:5555 logcat -T 0 -v raw -s wE9ryARX:I");
  },
  { timeout: 15_000 },
);

test(
  "adb missing, no device, unauthorized: a clear message, degraded health, still running",
  async () => {
    const cases: Array<{
      prefix: string;
      env: Record<string, string>;
      log: RegExp;
      state: string;
    }> = [
      {
        prefix: "adbmissing",
        env: { ADB_PATH: "/nonexistent/adb" },
        log: /adb not found/,
        state: "adb-missing",
      },
      {
        prefix: "adbnone",
        env: { FAKE_ADB_DEVICES: "none" },
        log: /no Quest found by adb/,
        state: "no-device",
      },
      {
        prefix: "adbunauth",
        env: { FAKE_ADB_DEVICES: "unauthorized" },
        log: /unauthorized: put the headset on and accept/,
        state: "unauthorized",
      },
    ];
    const runs = await Promise.all(
      cases.map(async (c) => ({ c, w: await watch(c.prefix), run: startAdb(c.prefix, c.env) })),
    );
    for (const { c, w, run } of runs) {
      await run.svc.waitForLog(c.log, 8000);
      expect(await waitFor(() => w.health.some((h) => h.detail?.adb === c.state), 4000)).toBe(true);
      const h = w.health.findLast((x) => x.detail?.adb === c.state)!;
      expect(h.status).toBe("degraded");
      expect(w.states.length).toBe(0);
      expect(run.svc.proc.exitCode).toBeNull();
    }
    for (const { w, run } of runs) {
      expect(await run.svc.stop()).toBe(0);
      await w.b.close();
    }
  },
  { timeout: 20_000 },
);
