/**
 * Reading recordings back: through the file's index (@mcap/nodejs's
 * FileHandleReadable reads only the ranges the index points to), or front to
 * back for a file cut short before its summary was written.
 */
import { open } from "node:fs/promises";
import { MCAP_MAGIC, McapIndexedReader, McapStreamReader, type McapTypes } from "@mcap/core";
import { FileHandleReadable } from "@mcap/nodejs";

/** Decompression handlers for @mcap/core readers (files are zstd-chunked). */
export const decompressHandlers = {
  zstd: (data: Uint8Array) => Bun.zstdDecompressSync(data),
};

/** Where a Chunk record's uncompressed CRC sits: opcode, length, start and end times, uncompressed size. */
const CHUNK_CRC_AT = 1 + 8 + 8 + 8 + 8;

/**
 * Chunks whose records do not match their stored CRC, checked with Bun's
 * native crc32: @mcap/core's own check (readMessages' validateCrcs) runs in
 * JavaScript and costs about 2 CPU-s per 30 MB before the JIT warms up, more
 * than the rest of a verify. Read with `validateCrcs: false` after this.
 */
export async function chunkCrcErrors(path: string, reader: McapIndexedReader): Promise<string[]> {
  const file = Bun.file(path);
  const decoder = new TextDecoder();
  const errors: string[] = [];
  for (const c of reader.chunkIndexes) {
    const at = Number(c.chunkStartOffset);
    const record = await file.slice(at, at + Number(c.chunkLength)).bytes();
    const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
    const crc = view.getUint32(CHUNK_CRC_AT, true);
    const nameLength = view.getUint32(CHUNK_CRC_AT + 4, true);
    const nameAt = CHUNK_CRC_AT + 8;
    const compression = decoder.decode(record.subarray(nameAt, nameAt + nameLength));
    const recordsAt = nameAt + nameLength + 8;
    const length = Number(view.getBigUint64(nameAt + nameLength, true));
    let records: Uint8Array = record.subarray(recordsAt, recordsAt + length);
    if (compression === "zstd") records = decompressHandlers.zstd(records);
    else if (compression !== "") {
      errors.push(`chunk at ${at}: unsupported compression ${compression}`);
      continue;
    }
    const actual = Bun.hash.crc32(records);
    if (crc !== 0 && actual !== crc) {
      errors.push(`chunk at ${at}: CRC ${actual} does not match the stored ${crc}`);
    }
  }
  return errors;
}

/** A finished MCAP ends with the magic bytes after its footer; a killed recording does not. */
export async function isFinishedMcap(path: string): Promise<boolean> {
  const file = Bun.file(path);
  const n = MCAP_MAGIC.length;
  if (file.size < 2 * n) return false;
  const tail = await file.slice(file.size - n).bytes();
  return MCAP_MAGIC.every((b, i) => tail[i] === b);
}

/** Opens `path`, hands an indexed reader to `use`, and closes the file whatever happens. */
export async function withIndexedReader<T>(
  path: string,
  use: (reader: McapIndexedReader) => Promise<T>,
): Promise<T> {
  const fh = await open(path, "r");
  try {
    const reader = await McapIndexedReader.Initialize({
      readable: new FileHandleReadable(fh),
      decompressHandlers,
    });
    return await use(reader);
  } finally {
    await fh.close();
  }
}

/**
 * Every complete record of `bytes` in file order; stops at a torn last record
 * (keeping what came before) and tells `onTorn` why.
 */
export function* streamRecords(
  bytes: Uint8Array,
  onTorn?: (reason: string) => void,
): Generator<McapTypes.TypedMcapRecord> {
  const reader = new McapStreamReader({ decompressHandlers });
  reader.append(bytes);
  for (;;) {
    let rec: McapTypes.TypedMcapRecord | undefined;
    try {
      rec = reader.nextRecord();
    } catch (err) {
      onTorn?.((err as Error).message);
      return;
    }
    if (!rec) return;
    yield rec;
  }
}

type Message = McapTypes.TypedMcapRecords["Message"];
type Channel = McapTypes.TypedMcapRecords["Channel"];

export interface TopicMessages {
  /** In log-time order. */
  messages: Message[];
  channels: Map<number, Channel>;
  /** False when the file had no usable index (cut short) and was read front to back. */
  indexed: boolean;
}

const byLogTime = (a: Message, b: Message) =>
  a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : 0;

/** The messages of `topics` in a recording, finished or cut short. */
export async function readTopics(path: string, topics: string[]): Promise<TopicMessages> {
  try {
    return await withIndexedReader(path, async (reader) => {
      const messages: Message[] = [];
      for await (const m of reader.readMessages({ topics })) messages.push(m);
      return { messages, channels: new Map(reader.channelsById), indexed: true };
    });
  } catch {
    const wanted = new Set(topics);
    const messages: Message[] = [];
    const channels = new Map<number, Channel>();
    for (const rec of streamRecords(await Bun.file(path).bytes())) {
      if (rec.type === "Channel") channels.set(rec.id, rec);
      if (rec.type === "Message" && wanted.has(channels.get(rec.channelId)?.topic ?? "")) {
        messages.push(rec);
      }
    }
    return { messages: messages.sort(byLogTime), channels, indexed: false };
  }
}
