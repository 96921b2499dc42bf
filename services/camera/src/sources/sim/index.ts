/** Registry entry of the sim source: renders the simulated arm, table and cube. */
import type { CameraSourceEntry } from "../../CameraSource";
import { requireFfmpeg } from "../../FfmpegJpegs";
import { SimCameraSource } from "./SimCameraSource";
import { SIM_MOUNT_PARENTS } from "./simScene";

export const simSource: CameraSourceEntry = {
  name: "sim",
  hasDepth: (c) => c.depth === true,
  create(ctx) {
    const c = ctx.camera;
    if (!SIM_MOUNT_PARENTS.includes(c.mount.parent)) {
      throw new Error(
        `camera ${c.id}: a sim camera mounts on ${SIM_MOUNT_PARENTS.join(" or ")}, not "${c.mount.parent}"`,
      );
    }
    requireFfmpeg(ctx.ffmpegPath);
    return new SimCameraSource({ ...ctx, depth: c.depth === true });
  },
};
