/**
 * One recording file. The tick hands records to `push`, which only queues
 * them (bounded; a full queue drops and counts); a writer task drains the
 * queue into MCAP chunks of at most `chunkSeconds` of log time, each written
 * to the file when it closes, so a kill loses at most the open chunk. The
 * file is synced to disk after each chunk, one sync at a time beside the
 * writer: a slow disk delays durability, never the next chunk.
 */
import { LIBRARY_IDENTIFIER } from "@mcap/core";
import { ChunkedMcapWriter } from "@teleop/recording/ChunkedMcapWriter";
import {
  CHANNEL_KEYS,
  type ChannelKey,
  type ChannelSpec,
  channelSpec,
  ON_DEMAND_CHANNELS,
} from "@teleop/recording/channels";
import { FileWritable } from "@teleop/recording/FileWritable";
import { staticTransforms } from "@teleop/recording/frames";
import { tfRecord } from "@teleop/recording/records";
import { epochMsToNs } from "@teleop/recording/time";
import { fr3Urdf } from "@teleop/recording/urdf";
import { now } from "@teleop/shared/clock";
import { BoundedQueue } from "./BoundedQueue";
import type { TickRecord } from "./sample";

export const PROFILE = "teleop";
export const URDF_ATTACHMENT = "robot_description";

export interface EpisodeWriterOptions {
  path: string;
  startMs: number;
  chunkSeconds: number;
  bufferSize: number;
  /** Bytes the queued records may hold (their camera frames' data, mostly); unset: no byte bound. */
  bufferBytes?: number;
  /** The `recording_metadata` and `robot_model` records. */
  recordingMetadata: Record<string, string>;
  robotModel: Record<string, string>;
  onError: (err: unknown) => void;
}

type DiskListener = NonNullable<TickRecord["onDisk"]>;

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

/**
 * Schemas and channels of one file. The fixed layout is registered at open;
 * cameras and the scene when their first record comes. A channel record goes
 * to the file before the chunk holding its first message, so a reader of a
 * truncated file knows every channel.
 */
export class ChannelRegistry {
  private readonly schemaIds = new Map<string, number>();
  private readonly ids = new Map<string, number>();

  constructor(private readonly writer: ChunkedMcapWriter) {}

  /** Registers every fixed channel of the layout. */
  async registerLayout(): Promise<void> {
    for (const key of CHANNEL_KEYS) {
      if (!ON_DEMAND_CHANNELS.has(key)) await this.idOf(channelSpec(key));
    }
  }

  /** The channel id of a spec, registering it (and its schema) the first time. */
  async idOf(spec: ChannelSpec): Promise<number> {
    const known = this.ids.get(spec.topic);
    if (known !== undefined) return known;
    let schemaId = this.schemaIds.get(spec.schemaName);
    if (schemaId === undefined) {
      schemaId = await this.writer.addSchema({
        name: spec.schemaName,
        encoding: "jsonschema",
        data: json(spec.schema),
      });
      this.schemaIds.set(spec.schemaName, schemaId);
    }
    const id = await this.writer.addChannel({
      schemaId,
      topic: spec.topic,
      messageEncoding: "json",
      metadata: new Map(),
    });
    this.ids.set(spec.topic, id);
    return id;
  }

  /** The id of a registered channel, or undefined. */
  knownId(spec: ChannelSpec): number | undefined {
    return this.ids.get(spec.topic);
  }
}

/** A record's fields, timestamps and small payload, besides a large `data` string. */
const RECORD_OVERHEAD_BYTES = 512;

/** What a queued record holds: a camera frame's (or the URDF's) `data` text, and the rest. */
function recordBytes(r: TickRecord): number {
  const data = (r.message as { data?: unknown } | null)?.data;
  return RECORD_OVERHEAD_BYTES + (typeof data === "string" ? data.length : 0);
}

const specOf = (c: ChannelKey | ChannelSpec): ChannelSpec =>
  typeof c === "string" ? channelSpec(c) : c;

export class EpisodeWriter {
  private readonly queue: BoundedQueue<TickRecord>;
  private readonly chunkNs: bigint;
  private draining: Promise<void> | undefined;
  private sequence = 0;
  private awaitingWrite: DiskListener[] = [];
  private awaitingSync: DiskListener[] = [];
  private syncing: Promise<void> | undefined;
  private closed = false;
  private abandoned = false;
  written = 0;

  private constructor(
    private readonly file: FileWritable,
    private readonly writer: ChunkedMcapWriter,
    private readonly channels: ChannelRegistry,
    private readonly o: EpisodeWriterOptions,
  ) {
    this.queue = new BoundedQueue(o.bufferSize, o.bufferBytes, recordBytes);
    this.chunkNs = BigInt(Math.round(o.chunkSeconds * 1e9));
  }

  /** Creates the file with its header, layout, start metadata, URDF and static transforms. */
  static async open(o: EpisodeWriterOptions): Promise<EpisodeWriter> {
    const file = await FileWritable.create(o.path);
    const writer = new ChunkedMcapWriter(file);
    await writer.start({ profile: PROFILE, library: LIBRARY_IDENTIFIER });
    const channels = new ChannelRegistry(writer);
    await channels.registerLayout();
    await writer.addMetadata({
      name: "recording_metadata",
      metadata: new Map(Object.entries(o.recordingMetadata)),
    });
    await writer.addMetadata({
      name: "robot_model",
      metadata: new Map(Object.entries(o.robotModel)),
    });
    const t = epochMsToNs(o.startMs);
    const urdf = fr3Urdf();
    await writer.addAttachment({
      name: URDF_ATTACHMENT,
      logTime: t,
      createTime: t,
      mediaType: "application/xml",
      data: encoder.encode(urdf),
    });
    const ew = new EpisodeWriter(file, writer, channels, o);
    ew.push({
      channel: "tfStatic",
      logTimeMs: o.startMs,
      publishTimeMs: o.startMs,
      message: tfRecord(staticTransforms(), o.startMs),
    });
    ew.push({
      channel: "robotDescription",
      logTimeMs: o.startMs,
      publishTimeMs: o.startMs,
      message: { data: urdf },
    });
    return ew;
  }

  get path(): string {
    return this.o.path;
  }

  get dropped(): number {
    return this.queue.dropped;
  }

  get depth(): number {
    return this.queue.length;
  }

  /** Queue a record; false when the buffer was full and it was dropped. */
  push(record: TickRecord): boolean {
    if (this.closed) return false;
    const ok = this.queue.push(record);
    this.kick();
    return ok;
  }

  /** Starts the writer task on a later turn of the event loop, off the caller's path. */
  private kick(): void {
    if (this.draining) return;
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .catch(this.o.onError)
      .finally(() => {
        this.draining = undefined;
        if (this.queue.length > 0 && !this.closed) this.kick();
      });
  }

  private async drain(): Promise<void> {
    for (let r = this.queue.shift(); r; r = this.queue.shift()) {
      const logTime = epochMsToNs(r.logTimeMs);
      const start = this.writer.openChunkStart;
      if (start !== undefined && logTime - start >= this.chunkNs) await this.closeChunk();
      const spec = specOf(r.channel);
      const channelId = this.channels.knownId(spec) ?? (await this.channels.idOf(spec));
      if (r.onDisk) this.awaitingWrite.push(r.onDisk);
      this.writer.addMessage({
        channelId,
        sequence: this.sequence++,
        logTime,
        publishTime: epochMsToNs(r.publishTimeMs),
        data: json(r.message),
      });
      this.written++;
    }
  }

  /** Writes the open chunk, tells its records' listeners, and has it synced. */
  private async closeChunk(): Promise<void> {
    await this.writer.closeChunk();
    const written = this.awaitingWrite;
    this.awaitingWrite = [];
    const at = now();
    for (const f of written) f(at, false);
    this.awaitingSync.push(...written);
    this.startSync();
  }

  /** One sync at a time; chunks written while it runs go with the next one. */
  private startSync(): void {
    if (this.syncing) return;
    const batch = this.awaitingSync;
    this.awaitingSync = [];
    this.syncing = this.writer
      .sync()
      .then(() => {
        const at = now();
        for (const f of batch) f(at, true);
      })
      .catch(this.o.onError)
      .finally(() => {
        this.syncing = undefined;
        if (this.awaitingSync.length > 0 && !this.abandoned) this.startSync();
      });
  }

  /** Until no sync is running or waiting. */
  private async synced(): Promise<void> {
    while (this.syncing) await this.syncing;
  }

  /** Writes what is queued, the final metadata and the summary; closes the file. */
  async finish(finalMetadata: () => Record<string, string>): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.drain();
    await this.closeChunk();
    await this.synced();
    await this.writer.addMetadata({
      name: "final_metadata",
      metadata: new Map(Object.entries(finalMetadata())),
    });
    await this.writer.end();
    await this.file.close();
  }

  /** Stops writing and closes the file as it is (the caller deletes it). */
  async abandon(): Promise<void> {
    this.closed = true;
    this.abandoned = true;
    await this.draining;
    await this.synced();
    await this.file.close();
  }
}
