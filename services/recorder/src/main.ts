/** Recorder: wiring only (config, recovery, subscriptions, requests, the 40 Hz loop, shutdown). */
import { SceneStateMsg } from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import { Latest } from "@teleop/shared/Latest";
import { FixedRateLoop } from "@teleop/shared/loop";
import {
  ControlStatusMsg,
  EventMsg,
  HealthMsg,
  RecorderEmptyRequestMsg,
  type RecorderReply,
  RecorderSaveRequestMsg,
  RecorderStartRequestMsg,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import { startService } from "@teleop/shared/service";
import { ButtonEdges } from "./ButtonEdges";
import { CameraHealth } from "./CameraHealth";
import { judgeCameraInput } from "./cameraIntake";
import { recorderSpecs } from "./config";
import { Episodes } from "./Episodes";
import { FULL_COLLECTION_SECONDS, FullCollections } from "./FullCollections";
import { recoverUnfinished } from "./recovery";
import { sampleTick } from "./sample";
import { writableDir } from "./writableDir";

const ctx = await startService("recorder", recorderSpecs);
const { bus, config, log, counters } = ctx;
const s = bus.subjects;

const writable = () => writableDir(config.recordingsDir);
const atStart = writable();
if (!atStart.ok)
  log.error(
    `${atStart.reason}; episodes cannot be recorded (under Docker: create the folder as the user who runs the stack)`,
  );

for (const r of await recoverUnfinished(config.recordingsDir, config.chunkSeconds)) {
  counters.inc("files.recovered");
  log.warn("recovered an unfinished recording", { ...r });
}

/** A VR source's task older than this (vr-ingest gone or changed source) is not used. */
const SOURCE_TASK_FRESH_MS = 5000;
let sourceTask: { task: string; at: number } | undefined;
bus.subscribe(s.health("vr-ingest"), HealthMsg, (h) => {
  const task = h.detail?.task;
  sourceTask = typeof task === "string" && task ? { task, at: now() } : undefined;
});

const episodes = new Episodes({
  dir: config.recordingsDir,
  chunkSeconds: config.chunkSeconds,
  bufferSize: config.bufferSize,
  bufferBytes: config.bufferMb * 1024 * 1024,
  recordingMetadata: {
    recorder: "teleop recorder",
    robot: "fr3",
    record_hz: String(config.recordHz),
    max_stale_ms: String(config.maxStaleMs),
    prefix: config.prefix,
    instance: config.instance,
  },
  targetHz: config.recordHz,
  defaults: { task: config.task, operator: config.operator },
  sourceTask: () =>
    sourceTask && now() - sourceTask.at <= SOURCE_TASK_FRESH_MS ? sourceTask.task : undefined,
  log,
  event: (type, data) => bus.event(type, data),
  onDrop: () => counters.inc("records.dropped"),
  onWriteError: (err) => {
    counters.inc("write.errors");
    log.error("writing the recording failed", { error: err });
  },
});

const rejected = () => counters.inc("input.rejected");
const vr = new Latest(s.vrState, VrStateMsg);
const command = bus.latest(s.robotCommand, RobotCommandMsg);
const robot = bus.latest(s.robotState, RobotStateMsg);
const status = bus.latest(s.controlStatus, ControlStatusMsg);
for (const slot of [command, robot, status]) slot.onReject(rejected);

const button = (what: string, op: () => Promise<RecorderReply>) =>
  op().then(
    (r) => {
      if (!r.ok) log.warn(`${what} ignored: ${r.error}`);
    },
    (err) => {
      counters.inc("episode.errors");
      log.error(`${what} failed`, { error: err });
    },
  );
const edges = new ButtonEdges(config.leftController ? "left" : "right");
// Every VrState message, not only the latest, so a press shorter than a tick is seen.
bus.subscribe(
  s.vrState,
  VrStateMsg,
  (msg) => {
    vr.accept(msg);
    const e = edges.update(msg);
    if (e.primary) void button("A/X", () => episodes.primaryButton());
    if (e.secondary) void button("B/Y", () => episodes.secondaryButton(msg.t));
  },
  rejected,
);
bus.subscribe(s.events, EventMsg, (ev) => episodes.recordEvent(ev, now()), rejected);
bus.subscribe(s.simScene, SceneStateMsg, (scene) => episodes.sceneState(scene), rejected);

// Every camera message, judged here (size limit, type, JPEG markers) before it reaches a file.
const cameras = new CameraHealth();
bus.nc.subscribe(s.cameraAll, {
  callback: (err, msg) => {
    if (err) return;
    const at = now();
    const r = judgeCameraInput(s.prefix, msg.subject, msg.data);
    if (!r.ok) {
      counters.inc("camera.rejected");
      counters.inc(`camera.rejected.${r.kind}`);
      const camera = r.camera ?? "?";
      cameras.refused(camera, r.reason);
      if (r.camera) episodes.cameraRefused(r.camera);
      const l = cameras.logNow(`${camera}/${r.kind}`, at);
      if (l.log) {
        log.warn(`refused a message on ${msg.subject}: ${r.reason}`, {
          kind: r.kind,
          ...(l.suppressed ? { alsoRefused: l.suppressed } : {}),
        });
      }
      return;
    }
    cameras.accepted(r.camera, r.kind, at);
    if (r.kind === "image") episodes.cameraFrame(r.value, at);
    else if (r.kind === "depth") episodes.cameraDepth(r.value);
    else episodes.cameraInfo(r.value);
  },
});

const invalid = (error: string): RecorderReply => ({
  ok: false,
  recording: episodes.recording,
  error,
});
bus.serve(s.recorderStart, RecorderStartRequestMsg, (req) => episodes.start(req), invalid);
bus.serve(s.recorderSave, RecorderSaveRequestMsg, (req) => episodes.save(req.success), invalid);
bus.serve(s.recorderDiscard, RecorderEmptyRequestMsg, () => episodes.discard(), invalid);
bus.serve(s.recorderStatus, RecorderEmptyRequestMsg, () => episodes.reply(), invalid);

const fullCollections = new FullCollections(FULL_COLLECTION_SECONDS * 1000, () => {
  Bun.gc(true);
  counters.inc("heap.fullCollections");
});
const loop = new FixedRateLoop({
  name: "record",
  hz: config.recordHz,
  onTick: (tick) => {
    if (!episodes.recording) return;
    const latest = {
      vr: vr.value,
      command: command.value,
      robot: robot.value,
      status: status.value,
    };
    episodes.record(sampleTick(latest, tick.now, config.maxStaleMs, edges.hand));
    fullCollections.afterTick(tick.now);
  },
  onError: (err) => {
    counters.inc("tick.errors");
    log.error("recording tick failed", { error: err });
  },
});
ctx.health.addLoop("record", loop);
ctx.health.setProbe(() => {
  const st = episodes.status();
  const dir = writable();
  return {
    status: !dir.ok ? "error" : st.dropped > 0 ? "degraded" : "ok",
    detail: {
      ...(dir.ok ? {} : { error: dir.reason }),
      recording: st.recording,
      path: st.path,
      frames: st.frames,
      dropped: st.dropped,
      bufferDepth: st.bufferDepth,
      bufferSize: config.bufferSize,
      stale: st.stale,
      task: st.task,
      cameras: cameras.detail(now()),
      recordingsDir: config.recordingsDir,
    },
  };
});
loop.start();
ctx.onShutdown(async () => {
  await loop.stop();
  await episodes.close();
});
await ctx.ready({
  hz: config.recordHz,
  dir: config.recordingsDir,
  chunkSeconds: config.chunkSeconds,
  bufferSize: config.bufferSize,
  bufferMb: config.bufferMb,
});
