/** Recorder: wiring only (config, recovery, subscriptions, requests, the 40 Hz loop, shutdown). */
import { now } from "@teleop/shared/clock";
import { Latest } from "@teleop/shared/Latest";
import { FixedRateLoop } from "@teleop/shared/loop";
import {
  ControlStatusMsg,
  EventMsg,
  RecorderEmptyRequestMsg,
  type RecorderReply,
  RecorderSaveRequestMsg,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import { startService } from "@teleop/shared/service";
import { ButtonEdges } from "./ButtonEdges";
import { recorderSpecs } from "./config";
import { Episodes } from "./Episodes";
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

const episodes = new Episodes({
  dir: config.recordingsDir,
  chunkSeconds: config.chunkSeconds,
  bufferSize: config.bufferSize,
  recordingMetadata: {
    recorder: "teleop recorder",
    robot: "fr3",
    record_hz: String(config.recordHz),
    max_stale_ms: String(config.maxStaleMs),
    prefix: config.prefix,
    instance: config.instance,
  },
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
const edges = new ButtonEdges();
// Every VrState message, not only the latest, so a press shorter than a tick is seen.
bus.subscribe(
  s.vrState,
  VrStateMsg,
  (msg) => {
    vr.accept(msg);
    const e = edges.update(msg);
    if (e.primary) void button("A/X", () => episodes.primaryButton());
    if (e.secondary) void button("B/Y", () => episodes.secondaryButton());
  },
  rejected,
);
bus.subscribe(s.events, EventMsg, (ev) => episodes.recordEvent(ev, now()), rejected);

const invalid = (error: string): RecorderReply => ({
  ok: false,
  recording: episodes.recording,
  error,
});
bus.serve(s.recorderStart, RecorderEmptyRequestMsg, () => episodes.start(), invalid);
bus.serve(s.recorderSave, RecorderSaveRequestMsg, (req) => episodes.save(req.success), invalid);
bus.serve(s.recorderDiscard, RecorderEmptyRequestMsg, () => episodes.discard(), invalid);
bus.serve(s.recorderStatus, RecorderEmptyRequestMsg, () => episodes.reply(), invalid);

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
    episodes.record(sampleTick(latest, tick.now, config.maxStaleMs));
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
      recordingsDir: config.recordingsDir,
    },
  };
});
loop.start();
ctx.onShutdown(async () => {
  await loop.stop();
  await episodes.close();
});
log.info("ready", {
  hz: config.recordHz,
  dir: config.recordingsDir,
  chunkSeconds: config.chunkSeconds,
  bufferSize: config.bufferSize,
});
