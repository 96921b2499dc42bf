/**
 * An MCAP writer whose chunks end when the caller says (McapWriter only ends
 * a chunk by size). Built from @mcap/core's record and chunk builders; the
 * file layout is McapWriter's: header, then schemas and channels in the data
 * section ahead of every chunk (so a reader of a truncated file knows every
 * channel), chunks each followed by their message indexes, metadata and
 * attachments, then a summary with statistics and every index. A closed
 * chunk is in the file when closeChunk resolves (a crash of the writing
 * process loses only the open chunk); `sync` forces what was written to the
 * disk (a power loss then loses nothing written), and `end` syncs.
 */
import {
  type Attachment,
  type AttachmentIndex,
  type Channel,
  type Header,
  McapChunkBuilder,
  McapRecordBuilder,
  type Message,
  type Metadata,
  type MetadataIndex,
  Opcode,
  type Schema,
  type Statistics,
  type SummaryOffset,
} from "@mcap/core";
import { INLINE_IO_MAX_BYTES, type SyncWritable } from "./FileWritable";

/**
 * Log time one chunk of a recording spans (the recorder's CHUNK_SECONDS
 * default): a recorder crash loses at most the open chunk, and a camera frame
 * is in the file within about this long of arriving. Measured in the bench's
 * cameras scenario (BENCHMARKS.md): against 1 s chunks, 50 ms makes a
 * telemetry-only file about 50 % larger (each small chunk compresses on its
 * own and carries its own indexes), a camera's JPEGs compress the same, and
 * reading a file back costs about 40 % more CPU.
 */
export const CHUNK_SECONDS = 0.05;

export type Compress = (
  data: Uint8Array,
) => Promise<{ compression: string; compressedData: Uint8Array }>;

/**
 * zstd level 1 rather than Bun's default 3: on the bench's 29 KB telemetry
 * chunks the file is 1.3 % larger and each chunk compresses in 38 against 50
 * us in a loop, 72-79 against 105-114 us one chunk per 50 ms as the recorder does
 * (BENCHMARKS.md, eighth session); camera JPEGs do not compress either way.
 */
const ZSTD_LEVEL = { level: 1 };

/**
 * zstd on Bun's worker pool for a large chunk: one holding a second of camera
 * frames is tens of MB, whose synchronous compression would stall the
 * recording tick for 100 ms or more. A small one is compressed here.
 */
export const zstd: Compress = async (data) => ({
  compression: "zstd",
  compressedData:
    data.byteLength <= INLINE_IO_MAX_BYTES
      ? Bun.zstdCompressSync(data, ZSTD_LEVEL)
      : await Bun.zstdCompress(data, ZSTD_LEVEL),
});

export class ChunkedMcapWriter {
  private readonly records = new McapRecordBuilder();
  private readonly chunk = new McapChunkBuilder({ useMessageIndex: true });
  private readonly schemas: Schema[] = [];
  private readonly channels: Channel[] = [];
  /**
   * The summary's chunk indexes, encoded as each chunk closes: about 400
   * bytes a chunk with 20 channels. Kept as ChunkIndex objects (BigInts, a Map per chunk) they
   * held about 3.7 KB of heap each with 20 channels: 270 MB an hour of 50 ms
   * chunks.
   */
  private readonly chunkIndexRecords = new McapRecordBuilder();
  private readonly metadataIndexes: MetadataIndex[] = [];
  private readonly attachmentIndexes: AttachmentIndex[] = [];
  readonly statistics: Statistics = {
    messageCount: 0n,
    schemaCount: 0,
    channelCount: 0,
    attachmentCount: 0,
    metadataCount: 0,
    chunkCount: 0,
    messageStartTime: 0n,
    messageEndTime: 0n,
    channelMessageCounts: new Map(),
  };

  constructor(
    private readonly out: SyncWritable,
    private readonly compress: Compress | undefined = zstd,
  ) {}

  async start(header: Header): Promise<void> {
    this.records.writeMagic();
    this.records.writeHeader(header);
    await this.flushRecords();
  }

  async addSchema(info: Omit<Schema, "id">): Promise<number> {
    const schema = { ...info, id: this.schemas.length + 1 };
    this.schemas.push(schema);
    this.statistics.schemaCount++;
    this.records.writeSchema(schema);
    await this.flushRecords();
    return schema.id;
  }

  async addChannel(info: Omit<Channel, "id">): Promise<number> {
    const channel = { ...info, id: this.channels.length + 1 };
    this.channels.push(channel);
    this.statistics.channelCount++;
    this.records.writeChannel(channel);
    await this.flushRecords();
    return channel.id;
  }

  /** Adds to the open chunk; nothing reaches the file until closeChunk. */
  addMessage(message: Message): void {
    const s = this.statistics;
    if (s.messageCount === 0n || message.logTime < s.messageStartTime) {
      s.messageStartTime = message.logTime;
    }
    if (s.messageCount === 0n || message.logTime > s.messageEndTime) {
      s.messageEndTime = message.logTime;
    }
    s.messageCount++;
    s.channelMessageCounts.set(
      message.channelId,
      (s.channelMessageCounts.get(message.channelId) ?? 0n) + 1n,
    );
    this.chunk.addMessage(message);
  }

  get openChunkMessages(): number {
    return this.chunk.numMessages;
  }

  /** logTime of the open chunk's first message (ns), or undefined when it is empty. */
  get openChunkStart(): bigint | undefined {
    return this.chunk.numMessages > 0 ? this.chunk.messageStartTime : undefined;
  }

  /**
   * Writes the open chunk and its message indexes to the file. The caller
   * awaits it before adding the next message (compression runs off the event
   * loop while the chunk's buffer is still in use).
   */
  async closeChunk(): Promise<void> {
    if (this.chunk.numMessages === 0) return;
    const data = this.chunk.buffer;
    const { compression, compressedData } = this.compress
      ? await this.compress(data)
      : { compression: "", compressedData: data };
    const chunkStartOffset = this.out.position();
    const chunkLength = this.records.writeChunk({
      messageStartTime: this.chunk.messageStartTime,
      messageEndTime: this.chunk.messageEndTime,
      uncompressedSize: BigInt(data.byteLength),
      uncompressedCrc: Bun.hash.crc32(data),
      compression,
      records: compressedData,
    });
    const messageIndexStart = chunkStartOffset + chunkLength;
    let messageIndexLength = 0n;
    const messageIndexOffsets = new Map<number, bigint>();
    for (const index of this.chunk.indices) {
      messageIndexOffsets.set(index.channelId, messageIndexStart + messageIndexLength);
      messageIndexLength += this.records.writeMessageIndex(index);
    }
    this.chunkIndexRecords.writeChunkIndex({
      messageStartTime: this.chunk.messageStartTime,
      messageEndTime: this.chunk.messageEndTime,
      chunkStartOffset,
      chunkLength,
      messageIndexOffsets,
      messageIndexLength,
      compression,
      compressedSize: BigInt(compressedData.byteLength),
      uncompressedSize: BigInt(data.byteLength),
    });
    this.statistics.chunkCount++;
    this.chunk.reset();
    await this.flushRecords();
  }

  /** Resolves once every byte written so far is on disk; may run beside later writes. */
  async sync(): Promise<void> {
    await this.out.sync();
  }

  async addMetadata(metadata: Metadata): Promise<void> {
    const offset = this.out.position();
    const length = this.records.writeMetadata(metadata);
    this.metadataIndexes.push({ offset, length, name: metadata.name });
    this.statistics.metadataCount++;
    await this.flushRecords();
  }

  async addAttachment(attachment: Attachment): Promise<void> {
    const offset = this.out.position();
    const length = this.records.writeAttachment(attachment);
    this.attachmentIndexes.push({
      offset,
      length,
      logTime: attachment.logTime,
      createTime: attachment.createTime,
      dataSize: BigInt(attachment.data.byteLength),
      name: attachment.name,
      mediaType: attachment.mediaType,
    });
    this.statistics.attachmentCount++;
    await this.flushRecords();
  }

  /** Closes the open chunk and writes data end, summary, footer; then syncs. */
  async end(): Promise<void> {
    await this.closeChunk();
    this.records.writeDataEnd({ dataSectionCrc: 0 });
    await this.flushRecords();

    const summaryStart = this.out.position();
    const offsets: SummaryOffset[] = [];
    const group = (opcode: Opcode, write: () => bigint) => {
      const groupStart = summaryStart + BigInt(this.records.length);
      const groupLength = write();
      if (groupLength > 0n) offsets.push({ groupOpcode: opcode, groupStart, groupLength });
    };
    const sum =
      <T>(items: T[], write: (item: T) => bigint) =>
      () =>
        items.reduce((n, item) => n + write(item), 0n);
    group(
      Opcode.SCHEMA,
      sum(this.schemas, (s) => this.records.writeSchema(s)),
    );
    group(
      Opcode.CHANNEL,
      sum(this.channels, (c) => this.records.writeChannel(c)),
    );
    group(Opcode.STATISTICS, () => this.records.writeStatistics(this.statistics));
    group(
      Opcode.METADATA_INDEX,
      sum(this.metadataIndexes, (m) => this.records.writeMetadataIndex(m)),
    );
    group(
      Opcode.ATTACHMENT_INDEX,
      sum(this.attachmentIndexes, (a) => this.records.writeAttachmentIndex(a)),
    );
    // Last group: its bytes go to the file as they are, after what is built so far.
    const chunkIndexStart = summaryStart + BigInt(this.records.length);
    const chunkIndexLength = BigInt(this.chunkIndexRecords.length);
    if (chunkIndexLength > 0n) {
      offsets.push({
        groupOpcode: Opcode.CHUNK_INDEX,
        groupStart: chunkIndexStart,
        groupLength: chunkIndexLength,
      });
    }
    await this.flushRecords();
    await this.out.write(this.chunkIndexRecords.buffer);
    this.chunkIndexRecords.reset();
    const summaryOffsetStart = chunkIndexStart + chunkIndexLength;
    for (const o of offsets) this.records.writeSummaryOffset(o);
    this.records.writeFooter({ summaryStart, summaryOffsetStart, summaryCrc: 0 });
    this.records.writeMagic();
    await this.flushRecords();
    await this.out.sync();
  }

  private async flushRecords(): Promise<void> {
    if (this.records.length === 0) return;
    await this.out.write(this.records.buffer);
    this.records.reset();
  }
}
