import { heapStats } from "bun:jsc";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McapIndexedReader, McapStreamReader, type TypedMcapRecord } from "@mcap/core";
import { ChunkedMcapWriter } from "./ChunkedMcapWriter";
import { FileWritable } from "./FileWritable";
import { decompressHandlers } from "./reader";

const dir = mkdtempSync(join(tmpdir(), "recorder-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEC = 1_000_000_000n;
const enc = new TextEncoder();

/** 40 messages a second on one channel for `seconds`, a chunk closed every second of log time. */
async function writeFile(path: string, seconds: number, finish: boolean): Promise<void> {
  const file = await FileWritable.create(path);
  const w = new ChunkedMcapWriter(file);
  await w.start({ profile: "test", library: "test" });
  const schemaId = await w.addSchema({ name: "n", encoding: "jsonschema", data: enc.encode("{}") });
  const channelId = await w.addChannel({
    schemaId,
    topic: "/n",
    messageEncoding: "json",
    metadata: new Map(),
  });
  await w.addMetadata({ name: "m", metadata: new Map([["k", "v"]]) });
  for (let i = 0; i < seconds * 40; i++) {
    const logTime = 10n * SEC + (BigInt(i) * SEC) / 40n;
    const start = w.openChunkStart;
    if (start !== undefined && logTime - start >= SEC) await w.closeChunk();
    w.addMessage({
      channelId,
      sequence: i,
      logTime,
      publishTime: logTime,
      data: enc.encode(JSON.stringify({ i })),
    });
  }
  if (finish) await w.end();
  else await w.closeChunk();
  await file.close();
}

const readable = (bytes: Uint8Array) => ({
  size: async () => BigInt(bytes.length),
  read: async (offset: bigint, length: bigint) =>
    bytes.subarray(Number(offset), Number(offset + length)),
});

function streamRecords(bytes: Uint8Array): TypedMcapRecord[] {
  const reader = new McapStreamReader({ decompressHandlers, includeChunks: true });
  reader.append(bytes);
  const out: TypedMcapRecord[] = [];
  for (let r = reader.nextRecord(); r; r = reader.nextRecord()) out.push(r);
  return out;
}

describe("ChunkedMcapWriter", () => {
  test("a finished file reads back with the indexed and the stream reader; chunks span < 1 s", async () => {
    const path = join(dir, "a.mcap");
    await writeFile(path, 3.5, true);
    const bytes = await Bun.file(path).bytes();
    const reader = await McapIndexedReader.Initialize({
      readable: readable(bytes),
      decompressHandlers,
    });
    expect(reader.chunkIndexes).toHaveLength(4);
    for (const c of reader.chunkIndexes) {
      expect(c.compression).toBe("zstd");
      expect(c.messageEndTime - c.messageStartTime).toBeLessThan(SEC);
    }
    expect(reader.statistics?.messageCount).toBe(140n);
    const seen: number[] = [];
    for await (const m of reader.readMessages()) {
      seen.push(JSON.parse(new TextDecoder().decode(m.data)).i);
    }
    expect(seen).toEqual([...Array(140).keys()]);
    const meta = [];
    for await (const m of reader.readMetadata()) meta.push(m);
    expect(meta.map((m) => [m.name, m.metadata.get("k")])).toEqual([["m", "v"]]);

    const records = streamRecords(bytes);
    expect(records.filter((r) => r.type === "Message")).toHaveLength(140);
    expect(records.at(-1)?.type).toBe("Footer");
  });

  test("a file cut anywhere inside a chunk still streams every earlier chunk", async () => {
    const path = join(dir, "b.mcap");
    await writeFile(path, 3, false);
    const bytes = await Bun.file(path).bytes();
    const full = streamRecords(bytes);
    const chunks = full.filter((r) => r.type === "Chunk");
    expect(chunks).toHaveLength(3);
    // Cut 10 bytes before the end: the last chunk's message index is broken, its chunk is whole.
    expect(
      streamRecords(bytes.subarray(0, bytes.length - 10)).filter((r) => r.type === "Message"),
    ).toHaveLength(120);
    // Cut in the middle of the file: only whole chunks before the cut are read.
    const cut = streamRecords(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const n = cut.filter((r) => r.type === "Message").length;
    expect(n % 40).toBe(0);
    expect(n).toBeGreaterThanOrEqual(40);
    expect(n).toBeLessThan(120);
  });

  test("3000 chunks over 20 channels: each indexed with its own channels, under 1 KB held per chunk", async () => {
    const path = join(dir, "c.mcap");
    const out = await FileWritable.create(path);
    const w = new ChunkedMcapWriter(out, undefined);
    await w.start({ profile: "test", library: "test" });
    const schemaId = await w.addSchema({
      name: "n",
      encoding: "jsonschema",
      data: enc.encode("{}"),
    });
    const channels: number[] = [];
    for (let c = 0; c < 20; c++) {
      channels.push(
        await w.addChannel({
          schemaId,
          topic: `/c${c}`,
          messageEncoding: "json",
          metadata: new Map(),
        }),
      );
    }
    const data = enc.encode(JSON.stringify({ x: 1 }));
    const CHUNKS = 3000;
    Bun.gc(true);
    const heapBefore = heapStats().heapSize;
    for (let k = 0; k < CHUNKS; k++) {
      const logTime = 10n * SEC + (BigInt(k) * SEC) / 20n;
      // Every other chunk leaves out the last channel: each chunk's index lists its own channels.
      const inChunk = k % 2 === 0 ? channels : channels.slice(0, -1);
      for (const channelId of inChunk) {
        w.addMessage({ channelId, sequence: k, logTime, publishTime: logTime, data });
      }
      await w.closeChunk();
    }
    Bun.gc(true);
    // Kept as ChunkIndex objects this was about 3.7 KB a chunk.
    expect((heapStats().heapSize - heapBefore) / CHUNKS).toBeLessThan(1000);
    await w.end();
    await out.close();

    const reader = await McapIndexedReader.Initialize({
      readable: readable(await Bun.file(path).bytes()),
      decompressHandlers,
    });
    expect(reader.chunkIndexes).toHaveLength(CHUNKS);
    reader.chunkIndexes.forEach((c, k) => {
      expect(c.messageStartTime).toBe(10n * SEC + (BigInt(k) * SEC) / 20n);
      expect(c.messageIndexOffsets.size).toBe(k % 2 === 0 ? 20 : 19);
    });
    let n = 0;
    const last = channels.at(-1);
    for await (const m of reader.readMessages({ topics: [`/c${channels.length - 1}`] })) {
      expect(m.channelId).toBe(last!);
      n++;
    }
    expect(n).toBe(CHUNKS / 2);
  });
});
