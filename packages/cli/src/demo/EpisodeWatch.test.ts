import { expect, test } from "bun:test";
import type { ControlStatus, RobotState } from "@teleop/shared/messages";
import { EpisodeWatch } from "./EpisodeWatch";

const status = (mode: ControlStatus["mode"], hz: number): ControlStatus => ({
  v: 1,
  seq: 0,
  t: 1,
  mode,
  movement: true,
  calibrated: true,
  vrAgeMs: 1,
  robotAgeMs: 1,
  hz,
});

const state = (rttMs: number | null, commandSeq: number | null = 1): RobotState => ({
  v: 1,
  seq: 0,
  t: 1,
  pose: { position: [0.4, 0, 0.3], orientation: [0, 0, 0, 1] },
  gripper: 0,
  joints: null,
  commandSeq,
  rttMs,
  backend: "sim",
});

test("only messages during the episode count: mode shares, mean rate, round trips", () => {
  const w = new EpisodeWatch();
  w.control(status("idle", 5));
  w.robotState(state(999));
  w.setRecording(true);
  for (let i = 0; i < 3; i++) w.control(status("predictive", 20));
  w.control(status("realtime", 16));
  for (const r of [150, 148, 152, null, 150]) w.robotState(state(r));
  w.robotState(state(50, null));
  w.setRecording(false);
  w.control(status("idle", 1));
  const c = w.controlFigures()!;
  expect(c.messages).toBe(4);
  expect(c.meanHz).toBe(19);
  expect(c.modes).toEqual([
    { mode: "predictive", share: 0.75 },
    { mode: "realtime", share: 0.25 },
  ]);
  const r = w.rttFigures()!;
  expect(r.commands).toEqual({ n: 4, meanMs: 150, p50Ms: 150, p99Ms: 152 });
  expect(r.polls).toEqual({ n: 1, meanMs: 50, p50Ms: 50, p99Ms: 50 });
  expect(r.backend).toBe("sim");
  expect(w.latestControl?.mode).toBe("idle");
});

test("no episode data gives no figures rather than zeros", () => {
  const w = new EpisodeWatch();
  expect(w.controlFigures()).toBeUndefined();
  expect(w.rttFigures()).toBeUndefined();
  expect(w.loopHz("recorder", "record")).toBeUndefined();
  w.health({
    v: 1,
    t: 1,
    service: "recorder",
    instance: "r",
    status: "ok",
    uptimeS: 1,
    loops: { record: { hz: 39.9, jitterP99Ms: 1, overruns: 0 } },
    counters: {},
  });
  expect(w.loopHz("recorder", "record")).toBe(39.9);
});
