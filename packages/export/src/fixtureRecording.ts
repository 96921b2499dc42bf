/**
 * Test and bench support: writes a recording in the recorder's layout
 * (ChunkedMcapWriter, the channel table and record builders of
 * packages/recording) from hand-made robot states, commands and camera
 * frames, so the export is tested on files made exactly like real ones.
 */
import { LIBRARY_IDENTIFIER } from "@mcap/core";
import { ChunkedMcapWriter } from "@teleop/recording/ChunkedMcapWriter";
import { cameraChannelSpec, compressedImageRecord } from "@teleop/recording/cameraChannels";
import { type ChannelSpec, channelSpec } from "@teleop/recording/channels";
import { FileWritable } from "@teleop/recording/FileWritable";
import { actionRecord, robotStateRecord, vrControllerRecord } from "@teleop/recording/records";
import { epochMsToNs, rosTime } from "@teleop/recording/time";
import type { RobotCommand, RobotState, VrState } from "@teleop/shared/messages";
import { lavfi } from "./lavfi";

export interface FixtureFrame {
  /** Capture time, epoch ms. */
  t: number;
  jpeg: Uint8Array;
}

export interface FixtureTick {
  /** Tick time, epoch ms (the recorder's sample time). */
  t: number;
  robot: RobotState;
  command: RobotCommand;
}

export interface FixtureRecording {
  path: string;
  ticks: FixtureTick[];
  cameras?: Record<string, FixtureFrame[]>;
  recordingMetadata?: Record<string, string>;
  /** final_metadata success; undefined writes no final_metadata. */
  success?: boolean;
  /** false: stop without the summary, like a recording cut short. */
  finish?: boolean;
}

const enc = new TextEncoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));

export function robotStateMsg(
  t: number,
  joints: number[],
  gripper: number,
  pose: RobotState["pose"],
): RobotState {
  return {
    v: 1,
    seq: Math.round(t),
    t,
    pose,
    gripper,
    joints: { position: joints, velocity: joints.map(() => 0) },
    commandSeq: null,
    rttMs: null,
    backend: "fixture",
  };
}

export function commandMsg(
  t: number,
  action: number[],
  target: RobotCommand["target"],
): RobotCommand {
  return {
    v: 1,
    seq: Math.round(t),
    t,
    deadline: t + 50,
    mode: "realtime",
    movement: true,
    target,
    gripper: 0,
    action,
    reset: false,
    vrSeq: null,
    vrT: null,
    robotSeq: null,
  };
}

const VR: VrState = { v: 1, seq: 0, t: 0, source: "sim" };

export async function writeFixtureRecording(f: FixtureRecording): Promise<void> {
  const file = await FileWritable.create(f.path);
  const w = new ChunkedMcapWriter(file);
  await w.start({ profile: "teleop", library: LIBRARY_IDENTIFIER });
  const add = async (spec: ChannelSpec) => {
    const schemaId = await w.addSchema({
      name: spec.schemaName,
      encoding: "jsonschema",
      data: json(spec.schema),
    });
    return w.addChannel({
      schemaId,
      topic: spec.topic,
      messageEncoding: "json",
      metadata: new Map(),
    });
  };
  const ids = {
    robotState: await add(channelSpec("robotState")),
    action: await add(channelSpec("action")),
    vrController: await add(channelSpec("vrController")),
    rawRobotCommand: await add(channelSpec("rawRobotCommand")),
    staleness: await add(channelSpec("staleness")),
  };
  const cameraIds: Record<string, number> = {};
  for (const id of Object.keys(f.cameras ?? {}))
    cameraIds[id] = await add(cameraChannelSpec(id, "compressed"));
  const startMs = f.ticks[0]?.t ?? 0;
  await w.addMetadata({
    name: "recording_metadata",
    metadata: new Map(
      Object.entries({
        record_hz: "40",
        start_time_ns: String(epochMsToNs(startMs)),
        ...f.recordingMetadata,
      }),
    ),
  });

  type Msg = { channelId: number; logMs: number; publishMs: number; data: unknown };
  const msgs: Msg[] = [];
  for (const tick of f.ticks) {
    const at = (channelId: number, publishMs: number, data: unknown) =>
      msgs.push({ channelId, logMs: tick.t, publishMs, data });
    at(ids.robotState, tick.robot.t, robotStateRecord(tick.robot, tick.t));
    at(ids.action, tick.command.t, actionRecord(tick.command, tick.t));
    at(ids.rawRobotCommand, tick.command.t, tick.command);
    at(ids.vrController, tick.t, vrControllerRecord({ ...VR, t: tick.t }, true, tick.t));
    at(ids.staleness, tick.t, {
      timestamp: rosTime(tick.t),
      age_ms: { vr_state: 0, robot_command: 0, robot_state: 0, control_status: 0 },
      stale: [],
    });
  }
  for (const [id, frames] of Object.entries(f.cameras ?? {})) {
    for (const [i, fr] of frames.entries()) {
      const record = compressedImageRecord({
        v: 1,
        seq: i,
        t: fr.t,
        camera: id,
        frameId: `camera_${id}`,
        format: "jpeg",
        width: 0,
        height: 0,
        data: fr.jpeg,
      });
      msgs.push({ channelId: cameraIds[id]!, logMs: fr.t, publishMs: fr.t, data: record });
    }
  }
  msgs.sort((a, b) => a.logMs - b.logMs);
  let seq = 0;
  for (const m of msgs) {
    const logTime = epochMsToNs(m.logMs);
    const open = w.openChunkStart;
    if (open !== undefined && logTime - open >= 1_000_000_000n) await w.closeChunk();
    w.addMessage({
      channelId: m.channelId,
      sequence: seq++,
      logTime,
      publishTime: epochMsToNs(m.publishMs),
      data: json(m.data),
    });
  }
  if (f.finish === false) {
    await w.closeChunk();
    await file.close();
    return;
  }
  if (f.success !== undefined) {
    await w.addMetadata({
      name: "final_metadata",
      metadata: new Map([
        ["success", String(f.success)],
        ["duration", (((f.ticks.at(-1)?.t ?? startMs) - startMs) / 1000).toFixed(3)],
        ["dropped", "0"],
        ["recovered", "false"],
      ]),
    });
  }
  await w.end();
  await file.close();
}

/** JPEGs from ffmpeg: one solid RGB colour each (known pixels for the image stats). */
export function solidJpegs(
  colours: readonly [number, number, number][],
  width: number,
  height: number,
): Uint8Array[] {
  return colours.map(([r, g, b]) => {
    const hex = [r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("");
    return lavfi(`color=c=0x${hex}:s=${width}x${height}`, [
      "-frames:v",
      "1",
      "-q:v",
      "1",
      "-pix_fmt",
      "yuvj444p",
      "-f",
      "mjpeg",
      "-",
    ]);
  });
}
