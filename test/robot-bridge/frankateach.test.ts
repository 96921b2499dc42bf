/**
 * The frankateach backend against a real Python peer: pyzmq REP, the
 * standard pickle module, numpy, dataclasses in a module named
 * frankateach.messages. Fails if Python cannot unpickle what the bridge sends.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { FR3_RESET_JOINTS } from "@teleop/shared/fr3";
import { createLogger } from "@teleop/shared/log";
import type { Pose } from "@teleop/shared/math";
import {
  EventMsg,
  type Health,
  HealthMsg,
  type RobotState,
  RobotStateMsg,
  type TeleopEvent,
} from "@teleop/shared/messages";
import { FrankaTeachBackend } from "../../services/robot-bridge/src/backends/frankateach/FrankaTeachBackend";
import { BackendNotReadyError } from "../../services/robot-bridge/src/RobotBackend";
import { testBus, waitFor } from "../support/bus";
import { useNatsBus } from "../support/natsBus";
import { freePort, NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";
import { command } from "./commands";
import { PythonPeer } from "./PythonPeer";

const log = createLogger("test", "error");
const TARGET: Pose = { position: [0.45, -0.05, 0.3], orientation: [0.9238795, 0.3826834, 0, 0] };
const f32 = (x: number) => Math.fround(x);

let peer: PythonPeer;

beforeAll(async () => {
  peer = await PythonPeer.start();
});

afterAll(async () => {
  await peer.stop();
});

function backend(port = peer.port): FrankaTeachBackend {
  return new FrankaTeachBackend({ host: "127.0.0.1", port }, log);
}

describe("frankateach backend against a Python REP server", () => {
  test("before any command the server's gripper is the int 0: reported open (0), the raw 0 kept", async () => {
    const b = backend();
    await b.connect();
    const s = await b.readState();
    expect(s.gripper).toBe(0);
    expect(s.gripperRaw).toBe(0);
    await b.close();
  });

  test("a command round trip: Python gets float32 arrays and gripper +1/-1; the reply is decoded", async () => {
    const b = backend();
    await b.connect();
    const n = peer.reports.length;
    const closed = await b.apply(command(1, TARGET, { gripper: 0.8 }));
    // A new connection asks for the state before its first action (an action before the arm has one ends the server).
    expect(await peer.report(n)).toEqual({ ok: true, kind: "get_state" });
    let r = await peer.report(n + 1);
    expect(r).toMatchObject({ ok: true, kind: "action", gripper: 1 });
    expect(r.pos).toEqual(TARGET.position.map(f32));
    expect(r.quat).toEqual(TARGET.orientation.map(f32));
    // The peer echoes the target as its new pose, gripper as a 1-element array.
    closed.pose.position.forEach((x, i) => {
      expect(x).toBeCloseTo(TARGET.position[i]!, 6);
    });
    expect(closed.pose.orientation[0]).toBeCloseTo(0.9238795, 6);
    expect(closed.gripper).toBe(1);
    expect(closed.gripperRaw).toBe(1);
    expect(closed.joints?.position.length).toBe(7);

    const open = await b.apply(command(2, TARGET, { gripper: 0.2 }));
    r = await peer.report(n + 2);
    expect(r.gripper).toBe(-1);
    expect(open.gripper).toBe(0);
    expect(open.gripperRaw).toBe(-1);
    // Velocity estimated from consecutive replies: the peer adds 0.001 rad per action.
    const v = open.joints!.velocity[0]!;
    expect(v).toBeGreaterThan(0);
    expect(v).toBeCloseTo(0.001 / ((open.t - closed.t) / 1000), 1);
    await b.close();
  });

  test("get_state: None joint positions and a numpy float64 gripper (-1 after an open command)", async () => {
    const b = backend();
    await b.connect();
    const n = peer.reports.length;
    const s = await b.readState();
    expect(await peer.report(n)).toEqual({ ok: true, kind: "get_state" });
    expect(s.joints).toBeNull();
    expect(s.gripper).toBe(0);
    expect(s.gripperRaw).toBe(-1);
    expect(Math.abs(now() - s.t)).toBeLessThan(1000);
    await b.close();
  });

  test("reset: the server gets reset=True and answers at home with the reset joints", async () => {
    const b = backend();
    await b.connect();
    const n = peer.reports.length;
    const s = await b.reset();
    expect(await peer.report(n + 1)).toMatchObject({ ok: true, kind: "reset", gripper: -1 });
    expect(s.pose.position[0]).toBeCloseTo(0.4577, 4);
    s.joints!.position.forEach((q, i) => {
      expect(q).toBeCloseTo(FR3_RESET_JOINTS[i]!, 5);
    });
    await b.close();
  });

  test("state_error (no arm state yet): not ready, asked again on the same socket; no action sent meanwhile", async () => {
    const early = await PythonPeer.start({ noStateFor: 3 });
    try {
      const b = backend(early.port);
      await b.connect();
      await expect(b.readState()).rejects.toBeInstanceOf(BackendNotReadyError);
      await expect(b.readState()).rejects.toThrow(/state_error/);
      // An action now would end the server: the backend asks for the state instead.
      await expect(b.apply(command(3, TARGET))).rejects.toBeInstanceOf(BackendNotReadyError);
      expect(b.detail()).toMatchObject({ connected: true, armReady: false });
      const s = await b.apply(command(4, TARGET));
      expect(s.pose.position[0]).toBeCloseTo(0.45, 6);
      expect(b.detail()).toMatchObject({ connected: true, armReady: true });
      expect(early.reports.map((r) => (r.state_error ? "state_error" : r.kind))).toEqual([
        "state_error",
        "state_error",
        "state_error",
        "get_state",
        "action",
      ]);
      expect(early.failures()).toEqual([]);
      await b.close();
    } finally {
      await early.stop();
    }
  });

  test("an unreachable server gives a clear error naming the endpoint", async () => {
    const port = await freePort();
    await expect(backend(port).connect()).rejects.toThrow(
      new RegExp(`cannot reach the robot server at tcp://127.0.0.1:${port}: ECONNREFUSED`),
    );
  });

  test("Python unpickled every request the bridge sent", async () => {
    await peer.report(5);
    expect(peer.failures()).toEqual([]);
    expect(peer.reports.filter((r) => r.kind === "action").length).toBeGreaterThanOrEqual(2);
  });
});

describe("robot-bridge process with --backend frankateach", () => {
  const io = useNatsBus();
  let bridge: ServiceProcess;
  const states: RobotState[] = [];
  const events: TeleopEvent[] = [];

  beforeAll(async () => {
    io.bus.subscribe(io.bus.subjects.robotState, RobotStateMsg, (s) => states.push(s));
    io.bus.subscribe(io.bus.subjects.events, EventMsg, (e) => events.push(e));
    await io.bus.flush();
    bridge = io.launch("robot-bridge", {
      args: ["--backend", "frankateach", "--frankateach-port", String(peer.port)],
      env: { ROBOT_TIMEOUT_MS: "400", STATE_POLL_HZ: "10" },
    });
    await bridge.waitForLog(/ready/);
  });

  io.onClose(async () => {
    expect(await bridge.stop()).toBe(0);
  });

  test("commands over NATS reach Python and states come back; a lost reply resets the socket", async () => {
    let seq = 100;
    const send = (target: Pose) =>
      io.bus.publish(io.bus.subjects.robotCommand, command(seq++, target));
    expect(await waitFor(() => states.some((s) => s.commandSeq === null), 3000)).toBe(true);
    for (let i = 0; i < 10; i++) {
      send(TARGET);
      await Bun.sleep(25);
    }
    expect(await waitFor(() => states.some((s) => s.commandSeq !== null), 2000)).toBe(true);
    const applied = states.find((s) => s.commandSeq !== null)!;
    expect(applied.backend).toBe("frankateach");
    expect(applied.pose.position[0]).toBeCloseTo(0.45, 6);

    // The peer holds this reply for 1 s: the bridge times out at 400 ms, resets its socket.
    send({ position: [9, 0, 0.3], orientation: [1, 0, 0, 0] });
    expect(await waitFor(() => events.some((e) => e.type === EventType.robotError), 3000)).toBe(
      true,
    );
    expect(String(events.find((e) => e.type === EventType.robotError)!.data?.error)).toMatch(
      /within 400 ms/,
    );
    const after = seq;
    for (let i = 0; i < 120 && !states.some((s) => (s.commandSeq ?? 0) >= after); i++) {
      send(TARGET);
      await Bun.sleep(25);
    }
    expect(states.some((s) => (s.commandSeq ?? 0) >= after)).toBe(true);
    expect(peer.failures()).toEqual([]);
  }, 15_000);
});

describe("robot-bridge process against a server whose arm has no state yet", () => {
  let early: PythonPeer;
  let nats: NatsServer;
  let bus: Bus;
  let bridge: ServiceProcess;
  const states: RobotState[] = [];
  const events: TeleopEvent[] = [];
  const health: Health[] = [];

  beforeAll(async () => {
    early = await PythonPeer.start({ noStateFor: 6 });
    nats = await NatsServer.start();
    bus = await testBus(nats.url);
    bus.subscribe(bus.subjects.robotState, RobotStateMsg, (s) => states.push(s));
    bus.subscribe(bus.subjects.events, EventMsg, (e) => events.push(e));
    bus.subscribe(bus.subjects.health("robot-bridge"), HealthMsg, (h) => health.push(h));
    await bus.flush();
    bridge = new ServiceProcess({
      script: "services/robot-bridge/src/main.ts",
      args: ["--backend", "frankateach", "--frankateach-port", String(early.port)],
      env: { NATS_URL: nats.url, STATE_POLL_HZ: "10" },
    });
    await bridge.waitForLog(/ready/);
  });

  afterAll(async () => {
    expect(await bridge.stop()).toBe(0);
    await bus.close();
    await nats.dispose();
    await early.stop();
  });

  test("state_error is asked again on the same connection (no reconnect, no error event); the first state says open; commands follow", async () => {
    expect(await waitFor(() => states.length > 0, 5000)).toBe(true);
    // The arm's first state (a poll): nothing commanded yet, so open, with the server's raw 0.
    expect(states[0]).toMatchObject({ gripper: 0, gripperRaw: 0, commandSeq: null });
    let seq = 1;
    const sender = setInterval(
      () => bus.publish(bus.subjects.robotCommand, command(seq++, TARGET)),
      50,
    );
    try {
      expect(await waitFor(() => states.some((s) => s.commandSeq !== null), 3000)).toBe(true);
    } finally {
      clearInterval(sender);
    }
    expect(await waitFor(() => (health.at(-1)?.counters.backendNotReady ?? 0) >= 6, 3000)).toBe(
      true,
    );
    const counters = health.at(-1)!.counters;
    expect(counters.reconnects ?? 0).toBe(0);
    expect(counters.backendErrors ?? 0).toBe(0);
    expect(events.filter((e) => e.type === EventType.robotError)).toEqual([]);
    // Six state_error replies, then states and actions: no action reached the server before the arm had a state.
    const kinds = early.reports.map((r) => (r.state_error ? "state_error" : r.kind));
    expect(kinds.slice(0, 7)).toEqual([...Array(6).fill("state_error"), "get_state"]);
    expect(early.failures()).toEqual([]);
  }, 20_000);
});
