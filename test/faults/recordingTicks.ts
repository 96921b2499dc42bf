/** Tick times of a recording: the log times of its staleness channel, one message per tick. */
import { CHANNELS } from "@teleop/recording/channels";
import { withIndexedReader } from "@teleop/recording/reader";

export function recordingTicks(path: string): Promise<number[]> {
  return withIndexedReader(path, async (reader) => {
    const channel = [...reader.channelsById.values()].find(
      (c) => c.topic === CHANNELS.staleness.topic,
    );
    if (!channel) return [];
    const ticks: number[] = [];
    for await (const m of reader.readMessages({ topics: [channel.topic] })) {
      ticks.push(Number(m.logTime) / 1e6);
    }
    return ticks.sort((a, b) => a - b);
  });
}
