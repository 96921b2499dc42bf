/**
 * The sim scenario's task reaches the episode: vr-ingest (scripted operator,
 * a scenario file with a `task`) announces it in its health; its A press
 * starts an episode with no task named, which the recorder labels with the
 * scenario's; its B press saves it. Both services are processes on a real nats-server.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import type { Bus } from "@teleop/shared/bus";
import { EventType } from "@teleop/shared/events";
import { EventMsg, type TeleopEvent } from "@teleop/shared/messages";
import { testBus, waitFor } from "../support/bus";
import { NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";

const TASK = "wave at the camera, then rest";
let server: NatsServer;
let bus: Bus;
let dir: string;
let recorder: ServiceProcess;
let vrIngest: ServiceProcess;
const events: TeleopEvent[] = [];

beforeAll(async () => {
  server = await NatsServer.start();
  dir = mkdtempSync(join(tmpdir(), "recorder-task-"));
  const scenario = join(dir, "wave.json");
  writeFileSync(
    scenario,
    JSON.stringify({
      name: "wave",
      task: TASK,
      start: { position: [0.2, 1.0, -0.35], orientation: [0, 0, 0, 1] },
      steps: [
        { s: 2.0, note: "idle" },
        { s: 0.2, note: "A: start", press: ["primary"] },
        { s: 1.5, note: "wave", move: [0.05, 0, 0] },
        { s: 0.2, note: "B: save", press: ["secondary"] },
        { s: 5, note: "rest" },
      ],
    }),
  );
  bus = await testBus(server.url);
  bus.subscribe(bus.subjects.events, EventMsg, (ev) => events.push(ev));
  recorder = new ServiceProcess({
    script: "services/recorder/src/main.ts",
    env: { NATS_URL: server.url, RECORDINGS_DIR: join(dir, "rec"), TASK: "the configured default" },
  });
  await recorder.waitForLog(/ready/);
  vrIngest = new ServiceProcess({
    script: "services/vr-ingest/src/main.ts",
    env: { NATS_URL: server.url, VR_SOURCE: "sim", SCENARIO: scenario },
  });
  await vrIngest.waitForLog(/ready/);
}, 30_000);

afterAll(async () => {
  const codes = [await vrIngest.stop(), await recorder.stop()];
  await bus.close();
  await server.dispose();
  rmSync(dir, { recursive: true, force: true });
  expect(codes).toEqual([0, 0]);
});

test(
  "an episode started by the scenario's A press carries the scenario's task over the configured default",
  async () => {
    const saved = await waitFor(
      () => events.some((e) => e.type === EventType.episodeSaved),
      15_000,
    );
    expect(saved).toBe(true);
    const started = events.find((e) => e.type === EventType.episodeStarted)!;
    expect(started.data?.task).toBe(TASK);
    const ev = events.find((e) => e.type === EventType.episodeSaved)!;
    process.stderr.write(`scenario B press to final file: ${ev.data?.saveMs} ms\n`);
    const r = await verifyFile(ev.data?.path as string);
    expect(r.metadata.final_metadata).toMatchObject({
      task: TASK,
      task_source: "source",
      success: "true",
    });
    expect(r.task).toBe(TASK);
    // vr-ingest alone: no controller, so the command stream is stale on every tick.
    expect(r.errors).toContain(
      `robot_command was stale or missing on every one of the ${r.frames} ticks`,
    );
    expect(r.valid).toBe(false);
  },
  { timeout: 20_000 },
);
