/**
 * The mode label against the seed's arm: controller (20 Hz) and robot-bridge
 * (`sim`, three 50 ms steps per command, so a state about every 150 ms) as
 * processes over a real nats-server, a scripted operator holding grip and
 * moving. The mode settles and stays; every status carries the state's age.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import {
  type ControlStatus,
  ControlStatusMsg,
  EventMsg,
  type TeleopEvent,
} from "@teleop/shared/messages";
import { testBus, waitFor } from "../support/bus";
import { NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";
import { ScriptedOperator } from "./rig";

let server: NatsServer;
let bus: Bus;
let controller: ServiceProcess;
let bridge: ServiceProcess;
let operator: ScriptedOperator;
const statuses: ControlStatus[] = [];
const events: TeleopEvent[] = [];

beforeAll(async () => {
  server = await NatsServer.start();
  bus = await testBus(server.url);
  bus.subscribe(bus.subjects.controlStatus, ControlStatusMsg, (s) => statuses.push(s));
  bus.subscribe(bus.subjects.events, EventMsg, (e) => events.push(e));
  await bus.flush();
  const env = { NATS_URL: server.url };
  bridge = new ServiceProcess({ script: "services/robot-bridge/src/main.ts", env });
  controller = new ServiceProcess({
    script: "services/controller/src/main.ts",
    env: { ...env, RESET_ON_CALIBRATE: "false" },
  });
  await Promise.all([bridge.waitForLog(/ready/), controller.waitForLog(/ready/)]);
  operator = new ScriptedOperator(bus);
  operator.start();
});

afterAll(async () => {
  operator?.stop();
  await Promise.all([controller?.stop(), bridge?.stop()]);
  await bus?.close();
  await server?.dispose();
});

test("a steady 150 ms arm at 20 Hz: one mode for 6 s of driving, the state's age on every status", async () => {
  // The first grip press calibrates and engages.
  operator.grip = true;
  expect(await waitFor(() => statuses.at(-1)?.movement === true, 5000)).toBe(true);
  // Let the mode settle on the arm's rhythm, then watch it while the hand moves to and fro.
  await Bun.sleep(1000);
  const from = now();
  for (let i = 0; i < 6; i++) {
    operator.vel = i % 2 === 0 ? [0, 0, -0.05] : [0, 0, 0.05];
    await Bun.sleep(1000);
  }
  operator.vel = [0, 0, 0];
  const watched = statuses.filter((s) => s.t >= from);
  const changes = events.filter((e) => e.type === EventType.modeChanged && e.t >= from);
  const ages = watched.map((s) => s.robotAgeMs);
  // Diagnostic line for the report: how the label and the age behaved.
  console.log(
    `mode over 6 s: ${changes.length} mode.changed, ${watched.filter((s) => s.mode === "predictive").length} predictive / ${watched.length} statuses, age ${Math.min(...(ages as number[])).toFixed(0)}-${Math.max(...(ages as number[])).toFixed(0)} ms`,
  );
  expect(watched.length).toBeGreaterThan(80);
  expect(changes.length).toBeLessThanOrEqual(1);
  expect(new Set(watched.map((s) => s.mode)).size).toBeLessThanOrEqual(changes.length + 1);
  expect(ages.every((a) => typeof a === "number" && a >= 0)).toBe(true);
  // The age really moves with the arm's rhythm (a state every ~150 ms), it is not a constant.
  expect(Math.max(...(ages as number[])) - Math.min(...(ages as number[]))).toBeGreaterThan(50);
  expect(watched.some((s) => s.movement)).toBe(true);
}, 30_000);
