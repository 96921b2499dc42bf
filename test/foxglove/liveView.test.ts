/**
 * The Foxglove live view against a running stack: nats-server, the simulated
 * arm, the controller, the recorder, the scripted operator and the live view
 * as processes, and a camera the test plays (ffmpeg testsrc2 JPEGs on
 * teleop.camera.test.*). The package's own FoxgloveClient sees the recording's
 * topics and schemas, gets each stream at its bus rate stamped with its source
 * time, static data as a late joiner, and JPEGs that decode; a viewer that
 * never reads gets drops counted and does not move the control loop.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cameraTopic } from "@teleop/recording/cameraChannels";
import { CHANNELS, channelSpec } from "@teleop/recording/channels";
import { epochMsToNs } from "@teleop/recording/time";
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { ControlStatusMsg, type Health, HealthMsg, RobotStateMsg } from "@teleop/shared/messages";
import { percentile } from "@teleop/shared/stats";
import Ajv from "ajv/dist/2020";
import { spawn } from "bun";
import { testBus, waitFor } from "../support/bus";
import { CameraPlayer } from "../support/cameraPlayer";
import { Viewer } from "../support/foxgloveViewer";
import { freePort, NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";
import { startStalledViewer } from "../support/stalledViewer";

const CAMERA = "test";
const CAMERA_HZ = 30;
const MAX_BUFFERED = 256 * 1024;
const CONTROL_PERIOD_MS = 50;

let server: NatsServer;
let bus: Bus;
let dir: string;
let port: number;
let foxglove: ServiceProcess;
const services: ServiceProcess[] = [];
const health = new Map<string, Health>();
const robotStamps: Array<{ t: number; at: number }> = [];
const statusStamps: number[] = [];
let camera: CameraPlayer;
let viewer: Viewer;

function startService(name: string, env: Record<string, string> = {}): ServiceProcess {
  const p = new ServiceProcess({
    script: `services/${name}/src/main.ts`,
    env: { NATS_URL: server.url, ...env },
  });
  services.push(p);
  return p;
}

/** |interval - period| of consecutive stamps, p99 (the loops' own jitter measure). */
function periodErrorP99(stamps: readonly number[], periodMs: number): number {
  const errs = stamps.slice(1).map((t, i) => Math.abs(t - stamps[i]! - periodMs));
  return percentile(
    errs.sort((a, b) => a - b),
    99,
  );
}

const loopStats = (service: string, loop: string) => health.get(service)?.loops[loop];

beforeAll(async () => {
  server = await NatsServer.start();
  dir = mkdtempSync(join(tmpdir(), "foxglove-live-"));
  bus = await testBus(server.url);
  bus.subscribe(bus.subjects.healthAll, HealthMsg, (h) => health.set(h.service, h));
  bus.subscribe(bus.subjects.robotState, RobotStateMsg, (r) =>
    robotStamps.push({ t: r.t, at: now() }),
  );
  bus.subscribe(bus.subjects.controlStatus, ControlStatusMsg, (s) => statusStamps.push(s.t));

  port = await freePort();
  startService("robot-bridge");
  startService("controller");
  startService("recorder", { RECORDINGS_DIR: join(dir, "recordings") });
  foxglove = startService("foxglove", {
    FOXGLOVE_PORT: String(port),
    FOXGLOVE_MAX_BUFFERED_BYTES: String(MAX_BUFFERED),
  });
  startService("vr-ingest", { SCENARIO_LOOP: "true" });
  await Promise.all(services.map((s) => s.waitForLog(/\bready\b/, 20_000)));

  // Real JPEGs from ffmpeg at 720p, the size of the frames a wrist camera sends.
  camera = await CameraPlayer.start(bus, {
    camera: CAMERA,
    width: 1280,
    height: 720,
    hz: CAMERA_HZ,
  });
}, 60_000);

afterAll(async () => {
  camera?.stop();
  viewer?.close();
  await Promise.all(services.map((s) => s.stop()));
  await bus?.close();
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const LIVE_TOPICS = Object.entries(CHANNELS)
  .filter(([key]) => key !== "staleness")
  .map(([, c]) => c.topic);
const CAMERA_TOPICS = (["compressed", "depth", "camera_info"] as const).map((s) =>
  cameraTopic(CAMERA, s),
);

describe("Foxglove live view", () => {
  test("ready line names the URL; the recording's topics are advertised with its schemas", async () => {
    expect(foxglove.log).toContain(`url=ws://127.0.0.1:${port}`);
    viewer = await Viewer.connect(`ws://127.0.0.1:${port}`);
    expect(
      await waitFor(() => [...LIVE_TOPICS, ...CAMERA_TOPICS].every((t) => viewer.channels.has(t))),
    ).toBe(true);
    expect(viewer.ws.protocol).toBe("foxglove.websocket.v1");
    const ajv = new Ajv({ strict: false });
    for (const [topic, ch] of viewer.channels) {
      expect({ topic, encoding: ch.encoding, schemaEncoding: ch.schemaEncoding }).toEqual({
        topic,
        encoding: "json",
        schemaEncoding: "jsonschema",
      });
      const { $id: _, ...schema } = JSON.parse(ch.schema);
      expect(typeof ajv.compile(schema)).toBe("function");
    }
    for (const key of ["robotState", "tf", "vrController", "rawRobotState"] as const) {
      const spec = channelSpec(key);
      const ch = viewer.channels.get(spec.topic)!;
      expect(ch.schemaName).toBe(spec.schemaName);
      expect(JSON.parse(ch.schema)).toEqual(JSON.parse(JSON.stringify(spec.schema)));
    }
  });

  test("streams arrive at their bus rates, stamped with their source time, and match their schemas", async () => {
    viewer.subscribe([...LIVE_TOPICS, ...CAMERA_TOPICS]);
    await Bun.sleep(1000);
    const from = now();
    const busFrom = robotStamps.length;
    const framesFrom = camera.frames;
    await Bun.sleep(4000);
    const to = now();
    const framesSent = camera.frames - framesFrom;
    const framesLive = viewer.countBetween(cameraTopic(CAMERA, "compressed"), from, to);
    const onBus = robotStamps.slice(busFrom).filter((r) => r.at < to);
    const live = viewer.countBetween("/robot_state", from, to);
    const busHz = (onBus.length * 1000) / (to - from);
    const liveHz = (live * 1000) / (to - from);
    console.log(
      `robot state: bus ${busHz.toFixed(1)} Hz, /robot_state live ${liveHz.toFixed(1)} Hz; ` +
        `camera: published ${framesSent}, live ${framesLive} in ${((to - from) / 1000).toFixed(1)} s`,
    );
    expect(onBus.length).toBeGreaterThan(10);
    expect(live).toBeGreaterThanOrEqual(Math.floor(onBus.length * 0.9));
    expect(live).toBeLessThanOrEqual(onBus.length + 2);
    expect(framesLive).toBeGreaterThanOrEqual(Math.floor(framesSent * 0.9));

    // Every /robot_state message carries the time its robot state was measured.
    const busNs = new Set(robotStamps.map((r) => epochMsToNs(r.t)));
    const stamps = viewer.log("/robot_state").stamps;
    expect(stamps.every((ns) => busNs.has(ns))).toBe(true);

    const tf = viewer.log("/tf").last as { transforms: Array<{ child_frame_id: string }> };
    expect(tf.transforms.map((t) => t.child_frame_id)).toContain("fr3_link7");
    expect(viewer.log("/foxglove/tf").count).toBeGreaterThan(10);
    expect(viewer.log("/vr_controller").count).toBeGreaterThan(10);
    expect(viewer.log("/action").count).toBeGreaterThan(10);

    const ajv = new Ajv({ strict: false });
    for (const topic of [...LIVE_TOPICS, ...CAMERA_TOPICS]) {
      const log = viewer.log(topic);
      if (log.count === 0) continue;
      const { $id: _, ...schema } = JSON.parse(viewer.channels.get(topic)!.schema);
      const validate = ajv.compile(schema);
      expect({ topic, valid: validate(log.last), errors: ajv.errorsText(validate.errors) }).toEqual(
        { topic, valid: true, errors: "No errors" },
      );
    }
  }, 20_000);

  test("camera images are JPEGs that decode (ffprobe) at the camera's size", async () => {
    const img = viewer.log(cameraTopic(CAMERA, "compressed")).last as {
      data: string;
      format: string;
      frame_id: string;
    };
    expect(img.format).toBe("jpeg");
    expect(img.frame_id).toBe("camera_test");
    const file = join(dir, "received.jpg");
    writeFileSync(file, Buffer.from(img.data, "base64"));
    const probe = spawn(
      [
        "ffprobe",
        "-v",
        "error",
        "-show_entries",
        "stream=codec_name,width,height",
        "-of",
        "csv=p=0",
        file,
      ],
      { stdout: "pipe" },
    );
    expect((await new Response(probe.stdout).text()).trim()).toBe("mjpeg,1280,720");
    expect(await probe.exited).toBe(0);
  });

  test("a late joiner gets /tf_static, /robot_description and the camera calibration at once", async () => {
    camera.stopInfo();
    await Bun.sleep(1200);
    const late = await Viewer.connect(`ws://127.0.0.1:${port}`, "foxglove.sdk.v1");
    try {
      expect(late.ws.protocol).toBe("foxglove.sdk.v1");
      const latched = ["/tf_static", "/robot_description", cameraTopic(CAMERA, "camera_info")];
      await waitFor(() => latched.every((t) => late.channels.has(t)));
      const subscribedAt = now();
      late.subscribe(latched);
      // No calibration is published any more: only the kept one can arrive.
      expect(await waitFor(() => latched.every((t) => late.log(t).count > 0), 2000)).toBe(true);
      console.log(`late joiner: static data after ${(now() - subscribedAt).toFixed(0)} ms`);
      const desc = late.log("/robot_description").last as { data: string };
      expect(desc.data).toContain('<robot name="fr3"');
      const tfStatic = late.log("/tf_static").last as {
        transforms: Array<{ child_frame_id: string; header: { frame_id: string } }>;
      };
      expect(tfStatic.transforms).toContainEqual(
        expect.objectContaining({
          child_frame_id: "camera_test",
          header: expect.objectContaining({ frame_id: "base" }),
        }),
      );
      const info = late.log(cameraTopic(CAMERA, "camera_info")).last as { K: number[] };
      expect(info.K).toEqual(camera.info().K);
    } finally {
      late.close();
    }
  });

  test("a viewer that never reads gets its drops counted and leaves the stack's loops alone", async () => {
    const phase = async (ms: number) => {
      const from = now();
      const statusFrom = statusStamps.length;
      const robotFrom = robotStamps.length;
      await Bun.sleep(ms);
      const to = now();
      return {
        controlP99: periodErrorP99(statusStamps.slice(statusFrom), CONTROL_PERIOD_MS),
        robotOnBus: robotStamps.slice(robotFrom).length,
        live: viewer.countBetween("/robot_state", from, to),
        controller: loopStats("controller", "control"),
        recorder: loopStats("recorder", "record"),
      };
    };
    const before = await phase(5000);

    const ids = [...LIVE_TOPICS, ...CAMERA_TOPICS].map((t) => viewer.channels.get(t)!.id);
    const stalled = await startStalledViewer(port, ids);
    try {
      expect(stalled.handshake).toMatch(/Sec-WebSocket-Protocol: foxglove\.websocket\.v1/i);
      const during = await phase(6000);

      const fox = health.get("foxglove")!;
      const viewers = fox.detail!.viewers as Array<{
        name: string;
        subscriptions: number;
        bufferedBytes: number;
        waiting: number;
        dropped: number;
        droppedByTopic: Record<string, number>;
      }>;
      const frozen = viewers.find((v) => v.subscriptions === ids.length && v.dropped > 0);
      console.log(
        `control period error p99: ${before.controlP99.toFixed(2)} ms without, ${during.controlP99.toFixed(2)} ms with a stalled viewer; ` +
          `health jitterP99 controller ${before.controller?.jitterP99Ms.toFixed(2)} -> ${during.controller?.jitterP99Ms.toFixed(2)} ms ` +
          `(overruns ${before.controller?.overruns} -> ${during.controller?.overruns}), recorder ${before.recorder?.jitterP99Ms.toFixed(2)} -> ${during.recorder?.jitterP99Ms.toFixed(2)} ms ` +
          `(overruns ${before.recorder?.overruns} -> ${during.recorder?.overruns}); robot state live/bus ${before.live}/${before.robotOnBus} -> ${during.live}/${during.robotOnBus}; ` +
          `stalled viewer ${JSON.stringify(frozen)}`,
      );
      expect(frozen).toBeDefined();
      expect(frozen!.droppedByTopic[cameraTopic(CAMERA, "compressed")]).toBeGreaterThan(0);
      expect(fox.counters["messages.dropped"]).toBeGreaterThanOrEqual(frozen!.dropped);
      // Keep-latest: at most one message per channel waits, and the socket holds about the bound.
      expect(frozen!.waiting).toBeLessThanOrEqual(ids.length);
      expect(frozen!.bufferedBytes).toBeLessThan(MAX_BUFFERED + 1024 * 1024);
      // The reading viewer still gets every robot state, and the control loop keeps its period.
      expect(during.live).toBeGreaterThanOrEqual(Math.floor(during.robotOnBus * 0.9));
      // The machine is shared, so the bound allows for load the stall did not cause.
      expect(during.controlP99).toBeLessThan(Math.max(CONTROL_PERIOD_MS, 2 * before.controlP99));
    } finally {
      await stalled.stop();
    }
  }, 30_000);

  test("bad camera messages are refused with a reason and counted; the view keeps serving", async () => {
    const rejectedBefore = health.get("foxglove")?.counters["input.rejected"] ?? 0;
    const imageCount = viewer.log(cameraTopic(CAMERA, "compressed")).count;
    bus.nc.publish(bus.subjects.cameraImage(CAMERA), new Uint8Array([0xc1, 0x00, 0xff]));
    bus.publish(bus.subjects.cameraImage("other"), { ...camera.info(), format: "jpeg" });
    bus.publish(bus.subjects.cameraInfo("other"), camera.info());
    expect(
      await waitFor(
        () => (health.get("foxglove")?.counters["input.rejected"] ?? 0) >= rejectedBefore + 3,
        4000,
      ),
    ).toBe(true);
    expect(foxglove.log).toMatch(
      /rejected message on teleop\.camera\.test\.image: malformed msgpack/,
    );
    expect(foxglove.log).toMatch(
      /rejected message on teleop\.camera\.other\.info: camera "test" published on another camera's subject/,
    );
    expect(viewer.channels.has(cameraTopic("other", "compressed"))).toBe(false);
    expect(
      await waitFor(() => viewer.log(cameraTopic(CAMERA, "compressed")).count > imageCount + 5),
    ).toBe(true);
  });

  test("SIGTERM closes the viewers and exits 0 within the shutdown deadline", async () => {
    const closed = new Promise<number>((resolve) =>
      viewer.ws.addEventListener("close", (e) => resolve(e.code), { once: true }),
    );
    const at = now();
    expect(await foxglove.stop("SIGTERM")).toBe(0);
    expect(now() - at).toBeLessThan(5000);
    await closed;
    expect(foxglove.log).toMatch(/foxglove stopped/);
  });
});
