import { expect, test } from "bun:test";
import type { Health, RobotCommand, RobotState } from "@teleop/shared/messages";
import { DashboardModel, PLOT_WINDOW_MS, STALE_MS } from "./DashboardModel";

const T0 = 1_764_000_000_000;

const pose = (x: number, y: number, z: number) => ({
  position: [x, y, z] as [number, number, number],
  orientation: [0, 0, 0, 1] as [number, number, number, number],
});

const command = (t: number, vrT: number | null): RobotCommand => ({
  v: 1,
  seq: 1,
  t,
  deadline: t + 100,
  mode: "predictive",
  movement: true,
  target: pose(0.5, 0.1, 0.3),
  gripper: 0,
  action: [0, 0, 0, 0, 0, 0, 0],
  reset: false,
  vrSeq: 3,
  vrT,
  robotSeq: 2,
});

const state = (t: number, rttMs: number | null): RobotState => ({
  v: 1,
  seq: 2,
  t,
  pose: pose(0.45, 0.05, 0.31),
  gripper: 0,
  joints: null,
  commandSeq: 1,
  rttMs,
  backend: "sim",
});

const health = (service: string, hz: number): Health => ({
  v: 1,
  t: T0,
  service,
  instance: "i",
  status: "ok",
  uptimeS: 1,
  loops: { tick: { hz, jitterP99Ms: 0.5, overruns: 0 } },
  counters: {},
});

test("a plot row holds loop rates, round trip, VR-to-command latency, target and measured position", () => {
  const m = new DashboardModel();
  m.health(health("controller", 20), T0);
  m.health(health("recorder", 40), T0);
  m.robotCommand(command(T0 + 100, T0 + 88), T0 + 101);
  m.robotState(state(T0 + 50, 151), T0 + 60);
  const row = m.sample(T0 + 120);
  expect(row.loops).toEqual({ "controller.tick": 20, "recorder.tick": 40 });
  expect(row.rttMs).toBe(151);
  expect(row.vrLatencyMs).toBe(12);
  expect(row.target).toEqual([0.5, 0.1, 0.3]);
  expect(row.measured).toEqual([0.45, 0.05, 0.31]);
});

test("stale values and down services leave gaps instead of flat lines", () => {
  const m = new DashboardModel();
  m.health(health("controller", 20), T0);
  m.robotCommand(command(T0, null), T0);
  m.robotState(state(T0, null), T0);
  const recent = m.sample(T0 + 10);
  expect(recent.vrLatencyMs).toBeNull();
  expect(recent.rttMs).toBeNull();
  expect(recent.target).not.toBeNull();
  const late = m.sample(T0 + STALE_MS + 3001);
  expect(late.loops).toEqual({});
  expect(late.target).toBeNull();
  expect(late.measured).toBeNull();
});

test("the history keeps the last 10 s of rows", () => {
  const m = new DashboardModel();
  for (let i = 0; i <= 240; i++) m.sample(T0 + i * 50);
  const rows = m.historyRows();
  expect(rows.at(-1)!.t).toBe(T0 + 240 * 50);
  expect(rows[0]!.t).toBe(T0 + 240 * 50 - PLOT_WINDOW_MS);
  expect(rows.length).toBe(201);
});

test("a frame carries control, robot and recording state", () => {
  const m = new DashboardModel();
  expect(m.frame(T0, []).control).toBeNull();
  m.controlStatus(
    {
      v: 1,
      seq: 1,
      t: T0,
      mode: "realtime",
      movement: true,
      calibrated: true,
      vrAgeMs: 5,
      robotAgeMs: 40,
      hz: 19.9,
    },
    T0,
  );
  m.robotState(state(T0, 149), T0);
  m.recorderReply({ ok: true, recording: true, frames: 80, durationS: 2, path: "p.mcap" });
  const f = m.frame(T0 + 30, []);
  expect(f.control).toMatchObject({ mode: "realtime", movement: true, hz: 19.9, ageMs: 30 });
  expect(f.robot).toEqual({ backend: "sim", rttMs: 149, ageMs: 30 });
  expect(f.recording).toEqual({
    recording: true,
    frames: 80,
    durationS: 2,
    path: "p.mcap",
    error: null,
  });
  m.recorderUnavailable("no service answers teleop.recorder.status");
  expect(m.frame(T0, []).recording).toMatchObject({
    recording: null,
    error: expect.stringMatching(/no service/),
  });
});
