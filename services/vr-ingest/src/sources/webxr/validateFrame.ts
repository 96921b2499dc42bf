/**
 * Checks one binary WebSocket message from the page before anything reaches
 * the sink: size, msgpack, shape (no unknown top-level fields: the page is
 * ours), finite numbers and unit quaternions.
 */
import { Type } from "@sinclair/typebox";
import { decodeAny, validate } from "@teleop/shared/codec";
import { norm } from "@teleop/shared/math";
import { ControllerSchema, defineMessage } from "@teleop/shared/messages";
import { isUnitQuat } from "@teleop/shared/vrChecks";
import { MAX_FRAME_BYTES, type WebXrFrame } from "./wire";

const PageControllerSchema = Type.Composite([
  ControllerSchema,
  Type.Object({ emulated: Type.Optional(Type.Boolean()) }),
]);

export const WebXrFrameMsg = defineMessage(
  "webxr.Frame",
  Type.Object(
    {
      t: Type.Number({ minimum: 0 }),
      right: Type.Optional(PageControllerSchema),
      left: Type.Optional(PageControllerSchema),
      reset: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);

export type FrameCheck =
  | { ok: true; frame: WebXrFrame }
  | { ok: false; kind: string; reason: string };

export function validateFrame(data: Uint8Array): FrameCheck {
  const raw = decodeAny(data, MAX_FRAME_BYTES);
  if (!raw.ok) return raw;
  const r = validate(WebXrFrameMsg, raw.value);
  if (!r.ok) return r;
  for (const hand of ["right", "left"] as const) {
    const q = r.value[hand]?.pose.orientation;
    if (q && !isUnitQuat(q)) {
      return {
        ok: false,
        kind: "quaternion",
        reason: `${hand} orientation has norm ${norm(q).toFixed(4)}, not 1`,
      };
    }
  }
  return { ok: true, frame: r.value };
}
