/**
 * vr-ingest's options (environment variable or flag): every source's own, the
 * bounds every frame must meet, and which source drives. The README's
 * configuration table lists them.
 */
import { type ConfigOf, num, oneOf, pluginSpecs } from "@teleop/shared/config";
import { VR_TIMEOUT_MS } from "@teleop/shared/control";
import { MAX_POSITION_M } from "@teleop/shared/messages";
import { INGEST_MAX_JUMP_M } from "@teleop/shared/vrChecks";
import { sources } from "./sources/registry";
import type { FrameLimits } from "./validateFrame";

export const ingestSpecs = {
  maxJumpM: num({
    env: "VR_MAX_JUMP_M",
    default: INGEST_MAX_JUMP_M,
    min: 0.001,
    help: "largest move of a tracked controller between two samples, metres; larger is rejected",
  }),
  maxPositionM: num({
    env: "VR_MAX_POSITION_M",
    default: 10,
    min: 0.1,
    max: MAX_POSITION_M,
    help: "largest |x|, |y| or |z| of a controller position, metres",
  }),
  maxFrameBytes: num({
    env: "VR_MAX_FRAME_BYTES",
    default: 4096,
    min: 256,
    integer: true,
    help: "largest frame a source may hand over, msgpack bytes",
  }),
};

export const vrIngestSpecs = {
  ...pluginSpecs(sources),
  ...ingestSpecs,
  source: oneOf({
    env: "VR_SOURCE",
    flag: "--source",
    default: "sim",
    values: sources.map((s) => s.name),
    help: "which input drives teleop.vr.state",
  }),
};

export type VrIngestConfig = ConfigOf<typeof vrIngestSpecs>;

export function frameLimits(c: ConfigOf<typeof ingestSpecs>): FrameLimits {
  return {
    maxBytes: c.maxFrameBytes,
    maxPositionM: c.maxPositionM,
    maxJumpM: c.maxJumpM,
    // After a gap this long consumers have let go anyway; a re-acquired pose may be elsewhere.
    jumpWindowMs: VR_TIMEOUT_MS,
  };
}
