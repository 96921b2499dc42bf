/**
 * A recording read back with @mcap/core: the log time of every frame. The
 * recorder writes one staleness record per tick, whatever the streams hold,
 * so that channel's log times are the frame times.
 */
import { CHANNELS } from "@teleop/recording/channels";
import { withIndexedReader } from "@teleop/recording/reader";
import { nsToEpochMs } from "@teleop/recording/time";

export const FRAME_TOPIC = CHANNELS.staleness.topic;

export interface McapFrames {
  path: string;
  bytes: number;
  messages: number;
  /** Log times of the frame topic, epoch ms, in file order. */
  frameTimesMs: number[];
  /** The recorder's closing `final_metadata` record (frames, dropped, stale counts), if any. */
  finalMetadata: Record<string, string>;
}

export async function readFrames(path: string, topic = FRAME_TOPIC): Promise<McapFrames> {
  return withIndexedReader(path, async (reader) => {
    const frameTimesMs: number[] = [];
    for await (const m of reader.readMessages({ topics: [topic] })) {
      frameTimesMs.push(nsToEpochMs(m.logTime));
    }
    const finalMetadata: Record<string, string> = {};
    for await (const m of reader.readMetadata({ name: "final_metadata" })) {
      for (const [k, v] of m.metadata) finalMetadata[k] = v;
    }
    return {
      path,
      finalMetadata,
      bytes: Bun.file(path).size,
      messages: Number(reader.statistics?.messageCount ?? 0n),
      frameTimesMs,
    };
  });
}
