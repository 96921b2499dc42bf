/**
 * The recording's channels served live: one Foxglove channel per recorded
 * topic (same topic, schema name, JSON Schema and `json` encoding as the MCAP
 * files), camera channels added as cameras appear, each message stamped with
 * its source time. Latched data (/tf_static, /robot_description, each
 * camera's latest calibration) is kept and sent to every new subscriber.
 */

import type { FoxgloveServer } from "@foxglove/ws-protocol";
import {
  type CameraStream,
  cameraChannelSpec,
  cameraTopic,
} from "@teleop/recording/cameraChannels";
import {
  CHANNEL_KEYS,
  type ChannelKey,
  type ChannelSpec,
  channelSpec,
} from "@teleop/recording/channels";
import {
  type CameraRecord,
  type ChannelRecord,
  cameraInfoRecord,
  robotDescriptionRecord,
  tfStaticRecord,
} from "@teleop/recording/messageRecords";
import { epochMsToNs } from "@teleop/recording/time";
import type { CameraInfo } from "@teleop/shared/cameraMessages";
import type { ViewerSocket } from "./ViewerSocket";

export type ChannelServer = Pick<FoxgloveServer, "addChannel" | "sendMessage">;

/** Written by the recorder about its own ticks; the live view has no ticks. */
const RECORDER_ONLY: ChannelKey[] = ["staleness"];

export const LIVE_CHANNEL_KEYS = CHANNEL_KEYS.filter((k) => !RECORDER_ONLY.includes(k));

const encoder = new TextEncoder();

interface Latched {
  ns: bigint;
  payload: Uint8Array<ArrayBuffer>;
}

export class LiveView {
  private readonly byTopic = new Map<string, number>();
  private readonly topicById = new Map<number, string>();
  private readonly subscribed = new Set<number>();
  private readonly latched = new Map<number, Latched>();
  private readonly cameras = new Map<string, CameraInfo>();
  /** Messages sent per topic (to every subscriber at once). */
  readonly sentByTopic = new Map<string, number>();

  constructor(
    private readonly server: ChannelServer,
    startMs: number,
  ) {
    for (const key of LIVE_CHANNEL_KEYS) this.add(channelSpec(key));
    this.latch(robotDescriptionRecord(), startMs);
    this.latch(tfStaticRecord([], startMs), startMs);
  }

  private add(spec: ChannelSpec): number {
    const id = this.server.addChannel({
      topic: spec.topic,
      encoding: "json",
      schemaName: spec.schemaName,
      schema: JSON.stringify(spec.schema),
      schemaEncoding: "jsonschema",
    });
    this.byTopic.set(spec.topic, id);
    this.topicById.set(id, spec.topic);
    return id;
  }

  topicOf(channel: number): string | undefined {
    return this.topicById.get(channel);
  }

  get topics(): string[] {
    return [...this.byTopic.keys()];
  }

  get cameraIds(): string[] {
    return [...this.cameras.keys()];
  }

  /** The library says a channel got its first subscriber / lost its last. */
  setSubscribed(channel: number, on: boolean): void {
    if (on) this.subscribed.add(channel);
    else this.subscribed.delete(channel);
  }

  /** Whether anyone watches a topic (so building its messages is worth it). */
  wants(topic: string): boolean {
    const id = this.byTopic.get(topic);
    return id !== undefined && this.subscribed.has(id);
  }

  /** A viewer subscribed: give it the latched message of that channel at once. */
  newSubscriber(viewer: Pick<ViewerSocket, "sendTo">, subscription: number, channel: number): void {
    const l = this.latched.get(channel);
    if (l) viewer.sendTo(subscription, l.ns, l.payload);
  }

  publish(records: readonly ChannelRecord[], sourceMs: number): void {
    for (const r of records) this.send(channelSpec(r.channel).topic, r.message, sourceMs);
  }

  /** A camera frame or depth image; the camera's channels appear with its first message. */
  publishCamera(record: CameraRecord, sourceMs: number): void {
    this.ensureCamera(record.camera);
    this.send(cameraTopic(record.camera, record.stream), record.message, sourceMs);
  }

  /** Whether a camera stream is watched (its channels are added if the camera is new). */
  wantsCamera(camera: string, stream: CameraStream): boolean {
    this.ensureCamera(camera);
    return this.wants(cameraTopic(camera, stream));
  }

  cameraInfo(info: CameraInfo): void {
    this.ensureCamera(info.camera);
    const before = this.cameras.get(info.camera);
    this.cameras.set(info.camera, info);
    const rec = cameraInfoRecord(info);
    this.latchTopic(cameraTopic(info.camera, rec.stream), rec.message, info.t);
    if (
      !before ||
      JSON.stringify(before.mount) !== JSON.stringify(info.mount) ||
      before.frameId !== info.frameId
    ) {
      this.latch(tfStaticRecord([...this.cameras.values()], info.t), info.t);
    }
  }

  private ensureCamera(camera: string): void {
    if (this.byTopic.has(cameraTopic(camera, "compressed"))) return;
    for (const stream of ["compressed", "depth", "camera_info"] as const) {
      this.add(cameraChannelSpec(camera, stream));
    }
  }

  private latch(record: ChannelRecord, sourceMs: number): void {
    this.latchTopic(channelSpec(record.channel).topic, record.message, sourceMs);
  }

  private latchTopic(topic: string, message: unknown, sourceMs: number): void {
    const id = this.byTopic.get(topic)!;
    const payload = encoder.encode(JSON.stringify(message));
    const ns = epochMsToNs(sourceMs);
    this.latched.set(id, { ns, payload });
    if (this.subscribed.has(id)) this.emit(id, topic, ns, payload);
  }

  private send(topic: string, message: unknown, sourceMs: number): void {
    const id = this.byTopic.get(topic);
    if (id === undefined || !this.subscribed.has(id)) return;
    this.emit(id, topic, epochMsToNs(sourceMs), encoder.encode(JSON.stringify(message)));
  }

  private emit(id: number, topic: string, ns: bigint, payload: Uint8Array<ArrayBuffer>): void {
    this.server.sendMessage(id, ns, payload);
    this.sentByTopic.set(topic, (this.sentByTopic.get(topic) ?? 0) + 1);
  }
}
