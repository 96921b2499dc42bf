/** camera: the cameras of CAMERAS_CONFIG -> teleop.camera.<id>.image / .depth / .info. */
import { MAX_CAMERA_FRAME_BYTES } from "@teleop/shared/cameraMessages";
import { startService } from "@teleop/shared/service";
import { CameraPublisher } from "./CameraPublisher";
import type { CameraSource } from "./CameraSource";
import { loadCamerasConfig } from "./cameraConfig";
import { cameraSpecs } from "./config";
import { SOURCES } from "./sources";

/** Room for the msgpack fields around a frame's bytes. */
const MESSAGE_OVERHEAD_BYTES = 1024;
const INFO_INTERVAL_MS = 1000;

const ctx = await startService("camera", cameraSpecs);
const { bus, config, log, counters } = ctx;

const maxPayload = bus.nc.info?.max_payload ?? 0;
const maxFrameBytes = Math.min(MAX_CAMERA_FRAME_BYTES, maxPayload - MESSAGE_OVERHEAD_BYTES);
if (maxPayload < MAX_CAMERA_FRAME_BYTES + MESSAGE_OVERHEAD_BYTES) {
  log.warn(
    `the NATS server's max_payload is ${maxPayload} bytes: frames over ${maxFrameBytes} bytes will be refused ` +
      `(the project's server configuration, deploy/nats-server.conf, allows ${MAX_CAMERA_FRAME_BYTES} + overhead)`,
  );
}

const cameras = await loadCamerasConfig(
  config.camerasConfig,
  SOURCES.map((s) => s.name),
).catch(async (err: Error) => {
  log.error(`cameras config: ${err.message}`);
  await bus.close();
  process.exit(2);
});

const running: Array<{ publisher: CameraPublisher; source?: CameraSource }> = [];
for (const camera of cameras) {
  const entry = SOURCES.find((s) => s.name === camera.source)!;
  const publisher = new CameraPublisher({
    camera,
    hasDepth: entry.hasDepth(camera),
    bus,
    counters,
    log,
    maxPayload,
    maxFrameBytes,
    stallMs: config.cameraStallMs,
  });
  const slot: (typeof running)[number] = { publisher };
  running.push(slot);
  publisher.publishInfo();
  // One camera failing to start never stops the others.
  try {
    slot.source = entry.create({ camera, log, bus, ffmpegPath: config.ffmpegPath, maxFrameBytes });
    await slot.source.start(publisher);
  } catch (err) {
    publisher.failed(`could not start: ${(err as Error).message}`);
  }
}

const info = setInterval(() => {
  for (const r of running) {
    r.publisher.publishInfo();
    r.publisher.watch();
  }
}, INFO_INTERVAL_MS);

ctx.health.setProbe(() => {
  const detail = running.map((r) => ({ ...r.publisher.detail(), ...r.source?.detail?.() }));
  const bad = running.filter((r) => ["stalled", "lost", "failed"].includes(r.publisher.state()));
  return {
    status: running.length === 0 || bad.length > 0 ? "degraded" : "ok",
    detail: {
      cameras: detail,
      config: config.camerasConfig,
      maxPayload,
      maxFrameBytes,
    },
  };
});
ctx.onShutdown(async () => {
  clearInterval(info);
  await Promise.all(running.map((r) => r.source?.stop()));
});
await ctx.ready({
  cameras: cameras.map((c) => `${c.id}:${c.source}:${c.width}x${c.height}@${c.fps}`).join(","),
  config: config.camerasConfig,
  maxPayload,
});
