/** Registry entry of the replay of a recorded MCAP file. */
import { bool, num, str } from "@teleop/shared/config";
import type { SourceEntry } from "../../VrSource";

const specs = {
  replayFile: str({
    env: "REPLAY_FILE",
    default: "",
    help: "MCAP recording to replay (source replay)",
  }),
  replaySpeed: num({
    env: "REPLAY_SPEED",
    flag: "--speed",
    default: 1,
    min: 0.01,
    max: 100,
    help: "replay speed factor (2 = twice as fast)",
  }),
  replayLoop: bool({
    env: "REPLAY_LOOP",
    default: false,
    help: "start the recording again when it ends",
  }),
};

export const replaySource: SourceEntry<typeof specs> = {
  name: "replay",
  specs,
  create: async (config, ctx) =>
    new (await import("./ReplaySource")).ReplaySource({
      file: config.replayFile,
      speed: config.replaySpeed,
      loop: config.replayLoop,
      log: ctx.log,
    }),
};
