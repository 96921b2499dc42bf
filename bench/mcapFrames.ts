/**
 * A recording read back with @mcap/core: the log time of every frame. The
 * recorder writes one staleness record per tick, whatever the streams hold,
 * so that channel's log times are the frame times. Also each camera's frame
 * times, both metadata records, and the size of the file's index.
 */
import { parseCameraTopic } from "@teleop/recording/cameraChannels";
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
  /** The opening `recording_metadata` record (start time, rate, cameras' target rates). */
  recordingMetadata: Record<string, string>;
  /** Capture times (log times, epoch ms) of each camera's colour frames. */
  cameraTimesMs: Record<string, number[]>;
  chunks: number;
  /** Bytes of index: every chunk's message indexes plus the summary section. */
  indexBytes: number;
}

export async function readFrames(path: string, topic = FRAME_TOPIC): Promise<McapFrames> {
  return withIndexedReader(path, async (reader) => {
    const frameTimesMs: number[] = [];
    for await (const m of reader.readMessages({ topics: [topic] })) {
      frameTimesMs.push(nsToEpochMs(m.logTime));
    }
    const cameraTimesMs: Record<string, number[]> = {};
    const cameraTopics = [...reader.channelsById.values()].filter(
      (c) => parseCameraTopic(c.topic)?.stream === "compressed",
    );
    // An empty topic list would read every message.
    const topics = cameraTopics.map((c) => c.topic);
    for await (const m of topics.length ? reader.readMessages({ topics }) : []) {
      const camera = parseCameraTopic(reader.channelsById.get(m.channelId)!.topic)!.camera;
      const times = cameraTimesMs[camera] ?? [];
      times.push(nsToEpochMs(m.logTime));
      cameraTimesMs[camera] = times;
    }
    const bytes = Bun.file(path).size;
    const messageIndexBytes = reader.chunkIndexes.reduce(
      (n, c) => n + Number(c.messageIndexLength),
      0,
    );
    const metadata = async (name: string) => {
      const out: Record<string, string> = {};
      for await (const m of reader.readMetadata({ name })) {
        for (const [k, v] of m.metadata) out[k] = v;
      }
      return out;
    };
    const finalMetadata = await metadata("final_metadata");
    const recordingMetadata = await metadata("recording_metadata");
    return {
      path,
      finalMetadata,
      recordingMetadata,
      bytes,
      messages: Number(reader.statistics?.messageCount ?? 0n),
      frameTimesMs,
      cameraTimesMs,
      chunks: reader.chunkIndexes.length,
      indexBytes: messageIndexBytes + bytes - Number(reader.footer.summaryStart),
    };
  });
}
