/** Registry entry of the replay source: a camera's frames from a recording, at their recorded times. */
import type { CameraSourceEntry } from "../../CameraSource";
import { ReplayCameraSource } from "./ReplayCameraSource";

export const replaySource: CameraSourceEntry = {
  name: "replay",
  hasDepth: () => false,
  create(ctx) {
    if (!ctx.camera.file) {
      throw new Error(`camera ${ctx.camera.id}: source replay needs a file (an MCAP recording)`);
    }
    return new ReplayCameraSource(ctx.camera, ctx.log);
  },
};
