/**
 * Facts about recordings that the recorder writes and other tools read back
 * (replay, verify, bench): raw bus channel names and MCAP decompression.
 */
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
