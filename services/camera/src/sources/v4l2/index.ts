/** Registry entry of the v4l2 source: any UVC device (or ffmpeg input) through ffmpeg. */
import type { CameraSourceEntry } from "../../CameraSource";
import { requireFfmpeg } from "../../FfmpegJpegs";
import { V4l2Source } from "./V4l2Source";

export const v4l2Source: CameraSourceEntry = {
  name: "v4l2",
  hasDepth: () => false,
  create(ctx) {
    const c = ctx.camera;
    if (!c.device && !c.input) {
      throw new Error(`camera ${c.id}: source v4l2 needs a device (e.g. /dev/video0) or an input`);
    }
    requireFfmpeg(ctx.ffmpegPath);
    return new V4l2Source(ctx);
  },
};
