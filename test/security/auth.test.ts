import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { createLogger } from "@teleop/shared/log";
import { RobotCommandMsg } from "@teleop/shared/messages";
import { waitFor } from "../support/bus";
import { robotCommand } from "../support/fixtures";
import { freePort, NatsServer } from "../support/natsServer";

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
