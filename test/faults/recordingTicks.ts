/** Tick times of a recording: the log times of its staleness channel, one message per tick. */
import { McapIndexedReader } from "@mcap/core";
import { CHANNELS } from "@teleop/recording/channels";
import { decompressHandlers } from "@teleop/recording/reader";

export async function recordingTicks(path: string): Promise<number[]> {
  const bytes = await Bun.file(path).bytes();
  const reader = await McapIndexedReader.Initialize({
    readable: {
      size: async () => BigInt(bytes.length),
      read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)),
    },
    decompressHandlers,
  });
  const channel = [...reader.channelsById.values()].find(
    (c) => c.topic === CHANNELS.staleness.topic,
  );
  if (!channel) return [];
  const ticks: number[] = [];
  for await (const m of reader.readMessages({ topics: [channel.topic] })) {
    ticks.push(Number(m.logTime) / 1e6);
  }
  return ticks.sort((a, b) => a - b);
}
