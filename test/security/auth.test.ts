/**
 * deploy/nats-server.auth.conf, the very file the compose auth overlay
 * mounts, under a real nats-server: who may connect and drive, and the whole
 * stack working under it (lease, commands, reset events, recording, operator).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RESET_HOLD_MAX_MS } from "@teleop/controller/ControllerCore";
import { verifyFile } from "@teleop/recording/verify";
import { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { HealthReporter } from "@teleop/shared/health";
import { createLogger } from "@teleop/shared/log";
import {
  CalibrateReplyMsg,
  type ControlStatus,
  ControlStatusMsg,
  EventMsg,
  type Health,
  HealthMsg,
  RecorderReplyMsg,
  RobotCommandMsg,
  RobotStateMsg,
  type TeleopEvent,
} from "@teleop/shared/messages";
import { Counters } from "@teleop/shared/stats";
import { waitFor } from "../support/bus";
import { robotCommand } from "../support/fixtures";
import { freePort, NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";

const CONF = join(import.meta.dir, "..", "..", "deploy", "nats-server.auth.conf");
const PASSWORDS = {
  VR_INGEST_PASSWORD: "vr-secret",
  CONTROLLER_PASSWORD: "ctl-secret",
  ROBOT_BRIDGE_PASSWORD: "bridge-secret",
  RECORDER_PASSWORD: "rec-secret",
  CAMERA_PASSWORD: "cam-secret",
  OPERATOR_PASSWORD: "op-secret",
  FOXGLOVE_PASSWORD: "fox-secret",
};

const command = (seq: number) => robotCommand(seq, now());

type User = "vr-ingest" | "controller" | "robot-bridge" | "recorder" | "operator";
const PASSWORD_OF: Record<User, string> = {
  "vr-ingest": PASSWORDS.VR_INGEST_PASSWORD,
  controller: PASSWORDS.CONTROLLER_PASSWORD,
  "robot-bridge": PASSWORDS.ROBOT_BRIDGE_PASSWORD,
  recorder: PASSWORDS.RECORDER_PASSWORD,
  operator: PASSWORDS.OPERATOR_PASSWORD,
};

const connectAs = (url: string, user?: string, password?: string) =>
  Bus.connect({
    url,
    service: user ?? "anonymous",
    instance: "auth-test",
    prefix: "teleop",
    log: createLogger("auth-test", "error"),
    user,
    password,
    waitOnFirstConnect: false,
    timeoutMs: 2000,
  });

let server: NatsServer;

beforeAll(async () => {
  server = await NatsServer.start({
    args: ["-c", CONF, "-m", String(await freePort())],
    env: PASSWORDS,
  });
});

afterAll(async () => {
  await server.dispose();
});

test("a client without credentials cannot connect, so it cannot publish commands", async () => {
  await expect(connectAs(server.url)).rejects.toThrow(
    /cannot connect to NATS.*(Authorization|auth)/i,
  );
  await expect(connectAs(server.url, "controller", "wrong")).rejects.toThrow(/Authorization|auth/i);
});

test("only the controller's user may publish robot commands", async () => {
  const bridge = await connectAs(server.url, "robot-bridge", PASSWORDS.ROBOT_BRIDGE_PASSWORD);
  const operator = await connectAs(server.url, "operator", PASSWORDS.OPERATOR_PASSWORD);
  const vr = await connectAs(server.url, "vr-ingest", PASSWORDS.VR_INGEST_PASSWORD);
  const foxglove = await connectAs(server.url, "foxglove", PASSWORDS.FOXGLOVE_PASSWORD);
  const controller = await connectAs(server.url, "controller", PASSWORDS.CONTROLLER_PASSWORD);
  try {
    const received: number[] = [];
    bridge.subscribe(bridge.subjects.robotCommand, RobotCommandMsg, (c) => received.push(c.seq));
    await bridge.flush();
    operator.publish(operator.subjects.robotCommand, command(1));
    vr.publish(vr.subjects.robotCommand, command(2));
    foxglove.publish(foxglove.subjects.robotCommand, command(4));
    await operator.flush().catch(() => {});
    await vr.flush().catch(() => {});
    await foxglove.flush().catch(() => {});
    controller.publish(controller.subjects.robotCommand, command(3));
    await controller.flush();
    expect(await waitFor(() => received.includes(3))).toBe(true);
    await Bun.sleep(100);
    expect(received).toEqual([3]);
  } finally {
    for (const b of [bridge, operator, vr, foxglove, controller]) await b.close();
  }
});

test("a client refused a subject stops touching its health file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "teleop-auth-health-"));
  const file = join(dir, "healthy");
  const vr = await connectAs(server.url, "vr-ingest", PASSWORDS.VR_INGEST_PASSWORD);
  const reporter = new HealthReporter({
    bus: vr,
    service: "vr-ingest",
    instance: "auth-test",
    counters: new Counters(),
    intervalMs: 100,
    healthFile: file,
  });
  try {
    reporter.start();
    await Bun.sleep(250);
    const before = statSync(file).mtimeMs;
    expect(Date.now() - before).toBeLessThan(200);
    vr.publish(vr.subjects.robotCommand, command(1));
    await vr.flush().catch(() => {});
    await Bun.sleep(300);
    const refusedAt = statSync(file).mtimeMs;
    await Bun.sleep(500);
    expect(statSync(file).mtimeMs).toBe(refusedAt);
  } finally {
    reporter.stop();
    await vr.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("under this file the stack drives, heeds reset events and records; the operator records and calibrates", async () => {
  const dir = mkdtempSync(join(tmpdir(), "teleop-auth-stack-"));
  const env = (user: User): Record<string, string> => ({
    NATS_URL: server.url,
    NATS_USER: user,
    NATS_PASSWORD: PASSWORD_OF[user],
    HEALTH_FILE: join(dir, `${user}.healthy`),
    INSTANCE_ID: `${user}-auth`,
  });
  const operator = await connectAs(server.url, "operator", PASSWORDS.OPERATOR_PASSWORD);
  const events: TeleopEvent[] = [];
  const statuses: ControlStatus[] = [];
  const health = new Map<string, Health>();
  operator.subscribe(operator.subjects.events, EventMsg, (e) => events.push(e));
  operator.subscribe(operator.subjects.controlStatus, ControlStatusMsg, (s) => statuses.push(s));
  operator.subscribe(operator.subjects.healthAll, HealthMsg, (h) => health.set(h.service, h));
  const applied: number[] = [];
  operator.subscribe(operator.subjects.robotState, RobotStateMsg, (r) => {
    if (r.commandSeq !== null) applied.push(r.commandSeq);
  });
  await operator.flush();
  const services = [
    new ServiceProcess({ script: "services/controller/src/main.ts", env: env("controller") }),
    new ServiceProcess({ script: "services/robot-bridge/src/main.ts", env: env("robot-bridge") }),
    new ServiceProcess({
      script: "services/recorder/src/main.ts",
      env: { ...env("recorder"), RECORDINGS_DIR: join(dir, "recordings") },
    }),
  ];
  try {
    for (const s of services) await s.waitForLog(/ready/, 20_000);
    // The scripted pick-and-place: grip calibrates (the arm goes home), A records, B saves.
    const vr = new ServiceProcess({
      script: "services/vr-ingest/src/main.ts",
      env: env("vr-ingest"),
    });
    services.push(vr);
    const saved = () => events.find((e) => e.type === EventType.episodeSaved);
    expect(await waitFor(() => saved() !== undefined, 40_000, 100)).toBe(true);

    expect(health.get("controller")).toMatchObject({
      status: "ok",
      detail: { role: "active", leaseFailing: false },
    });
    // The bridge applied moving commands (a polled state carries no command).
    expect(applied.length).toBeGreaterThan(20);
    const done = events.find((e) => e.type === EventType.resetDone && e.service === "robot-bridge");
    expect(done).toBeDefined();
    // Heard by the controller: it moves at once after the arm is home instead of holding for RESET_HOLD_MAX_MS.
    const moving = statuses.find((s) => s.movement && s.t > done!.t);
    expect(moving).toBeDefined();
    expect(moving!.t - done!.t).toBeLessThan(RESET_HOLD_MAX_MS / 3);

    const episode = await verifyFile(String(saved()!.data?.path));
    expect({ valid: episode.valid, success: episode.success }).toEqual({
      valid: true,
      success: true,
    });

    const started = await operator.request(operator.subjects.recorderStart, {}, RecorderReplyMsg);
    expect(started).toMatchObject({ ok: true, recording: true });
    await Bun.sleep(1500);
    const reply = await operator.request(
      operator.subjects.recorderSave,
      { success: true },
      RecorderReplyMsg,
      5000,
    );
    expect(reply).toMatchObject({ ok: true, recording: false });
    expect((await verifyFile(reply.path!)).valid).toBe(true);
    expect(
      await operator.request(operator.subjects.controlCalibrate, {}, CalibrateReplyMsg),
    ).toEqual({ ok: true });

    for (const [user, s] of [
      ["controller", services[0]],
      ["robot-bridge", services[1]],
      ["recorder", services[2]],
      ["vr-ingest", vr],
    ] as const) {
      expect({ user, refused: s!.log.match(/.*Permissions Violation.*/g) ?? [] }).toEqual({
        user,
        refused: [],
      });
      expect(Date.now() - statSync(join(dir, `${user}.healthy`)).mtimeMs).toBeLessThan(3000);
    }
  } finally {
    for (const s of services.reverse()) await s.stop();
    await operator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
