/**
 * Facts about recordings that the recorder writes and other tools read back
 * (replay, verify, bench): raw bus channel names and MCAP decompression.
 */
import type { FileHandle } from "node:fs/promises";
import { McapIndexedReader } from "@mcap/core";
import { DEFAULT_PREFIX, subjects } from "./subjects";

/**
 * Raw bus messages are recorded on a channel named after the default-prefix
 * subject (`teleop.vr.state` -> `/teleop/vr/state`), whatever the rig's prefix,
 * so files from every rig read the same.
 */
export function recordedTopic(subjectOf: (s: ReturnType<typeof subjects>) => string): string {
  return `/${subjectOf(subjects(DEFAULT_PREFIX)).replaceAll(".", "/")}`;
}

/** Decompression handlers for @mcap/core readers (files are zstd-chunked). */
export const mcapDecompressHandlers = {
  zstd: (data: Uint8Array) => Bun.zstdDecompressSync(data),
};

/** An indexed reader over an open file: reads only the byte ranges the index points to. */
export async function indexedMcapReader(fh: FileHandle): Promise<McapIndexedReader> {
  const size = BigInt((await fh.stat()).size);
  return McapIndexedReader.Initialize({
    readable: {
      size: async () => size,
      read: async (offset, length) => {
        const buf = new Uint8Array(Number(length));
        await fh.read(buf, 0, buf.length, Number(offset));
        return buf;
      },
    },
    decompressHandlers: mcapDecompressHandlers,
  });
}
