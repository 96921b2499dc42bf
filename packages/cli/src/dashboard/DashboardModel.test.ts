import { expect, test } from "bun:test";
import type { ControlStatus, Health, RobotCommand, RobotState } from "@teleop/shared/messages";
import { controller } from "../../../../test/support/fixtures";
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
  m.recorderReply({ ok: true, recording: true, frames: 80, durationS: 2, path: "p.mcap" }, T0);
  const f = m.frame(T0 + 30, []);
  expect(f.control).toMatchObject({ mode: "realtime", movement: true, hz: 19.9, ageMs: 30 });
  expect(f.robot).toEqual({ backend: "sim", rttMs: 149, gripper: 0, ageMs: 30 });
  expect(f.recording).toEqual({
    recording: true,
    frames: 80,
    durationS: 2,
    path: "p.mcap",
    task: null,
    error: null,
  });
  m.recorderUnavailable("no service answers teleop.recorder.status");
  expect(m.frame(T0, []).recording).toMatchObject({
    recording: true,
    error: expect.stringMatching(/no service/),
  });
  const fresh = new DashboardModel();
  fresh.recorderUnavailable("no service answers teleop.recorder.status");
  expect(fresh.frame(T0, []).recording).toMatchObject({
    recording: null,
    error: expect.stringMatching(/no service/),
  });
});

const status = (t: number, movement = true): ControlStatus => ({
  v: 1,
  seq: 1,
  t,
  mode: "realtime",
  movement,
  calibrated: true,
  vrAgeMs: 5,
  robotAgeMs: 40,
  hz: 20,
});

test("tiles go stale when their data is old and down when their service stops reporting", () => {
  const m = new DashboardModel();
  expect(m.frame(T0, []).tiles.control).toEqual({
    state: "none",
    ageMs: null,
    source: "controller",
  });
  m.health(health("controller", 20), T0);
  m.controlStatus(status(T0), T0);
  m.robotCommand(command(T0, T0 - 10), T0);
  expect(m.frame(T0 + 100, []).tiles.control).toEqual({
    state: "live",
    ageMs: 100,
    source: "controller",
  });
  // The controller dies: its status ages past STALE_MS (stale), then its health goes silent (down).
  const stale = m.frame(T0 + STALE_MS + 1, []).tiles;
  expect(stale.control.state).toBe("stale");
  expect(stale.command.state).toBe("stale");
  const down = m.frame(T0 + 3001, []).tiles;
  expect(down.control).toEqual({ state: "down", ageMs: 3001, source: "controller" });
  expect(down.robot.state).toBe("none");
  // A recorder reply is polled twice a second: stale after 2 s without one.
  m.recorderReply({ ok: true, recording: false }, T0);
  expect(m.frame(T0 + 1900, []).tiles.recording.state).toBe("live");
  expect(m.frame(T0 + 2100, []).tiles.recording.state).toBe("stale");
});

test("a saved episode stays in view with what the reply and the event say, quality included", () => {
  const m = new DashboardModel();
  m.recorderReply(
    { ok: true, recording: false, path: "recordings/success/a.mcap", frames: 400, durationS: 10 },
    T0,
    { success: true },
  );
  expect(m.frame(T0, []).lastEpisode).toEqual({
    path: "recordings/success/a.mcap",
    durationS: 10,
    frames: 400,
    success: true,
    quality: null,
    task: null,
    t: T0,
  });
  m.event({
    v: 1,
    t: T0 + 5,
    service: "recorder",
    type: "episode.saved",
    data: { path: "recordings/success/a.mcap", success: true, quality: "ok", task: "pick" },
  });
  expect(m.frame(T0 + 10, []).lastEpisode).toMatchObject({
    path: "recordings/success/a.mcap",
    durationS: 10,
    frames: 400,
    quality: "ok",
    task: "pick",
  });
  // A status poll afterwards (idle) does not erase it.
  m.recorderReply({ ok: true, recording: false }, T0 + 500);
  expect(m.frame(T0 + 500, []).lastEpisode?.path).toBe("recordings/success/a.mcap");
});

test("plot rows carry grip, trigger, clutch and gripper; a service going down is an event", () => {
  const m = new DashboardModel();
  const hand = (grip: number, trigger: number) =>
    controller({ pose: pose(0.1, 1.2, -0.3), trigger, grip, buttons: { grip: grip > 0.5 } });
  m.vrState({ v: 1, seq: 1, t: T0, source: "sim", right: hand(0.9, 0.25) }, T0);
  m.controlStatus(status(T0, true), T0);
  m.robotCommand({ ...command(T0, T0), gripper: 1 }, T0);
  m.robotState({ ...state(T0, 150), gripper: 0.4 }, T0);
  const row = m.sample(T0 + 10);
  expect(row).toMatchObject({
    grip: 0.9,
    trigger: 0.25,
    clutch: 1,
    gripperTarget: 1,
    gripper: 0.4,
  });
  expect(m.frame(T0 + 10, []).arm.controllers).toEqual([
    { hand: "right", position: [0.1, 1.2, -0.3] },
  ]);

  m.health(health("controller", 20), T0);
  m.checkServices(T0 + 100);
  m.checkServices(T0 + 3100);
  m.health(health("controller", 20), T0 + 4000);
  m.checkServices(T0 + 4000);
  expect(m.frame(T0 + 4000, []).events.map((e) => e.text)).toEqual([
    "controller is back",
    "controller stopped reporting (down)",
  ]);
});
