/**
 * The calibration the controller keeps in NATS KV so a restart does not need
 * the operator to calibrate again. Private to the controller: nothing else
 * reads it, so it is defined here rather than in the shared contract.
 */
import { type Static, Type } from "@sinclair/typebox";
import { defineMessage, PoseSchema, QuatSchema } from "@teleop/shared/messages";

export const CalibrationRecordSchema = Type.Object(
  {
    v: Type.Literal(1),
    t: Type.Number({ minimum: 0, description: "when it was captured, epoch ms" }),
    how: Type.Union([Type.Literal("grip"), Type.Literal("joystick"), Type.Literal("forward")]),
    hand: Type.Union([Type.Literal("right"), Type.Literal("left")]),
    /** The reorder vector in force when captured; `forward` only means something under it. */
    coordTransform: Type.Array(Type.Integer(), { minItems: 4, maxItems: 4 }),
    /** DROID's G: the inverse of the controller pose at capture (VR frame). */
    g: PoseSchema,
    /** Forward-direction rotation in the robot frame, applied after the reorder matrix. */
    forward: QuatSchema,
    /** Raw controller orientation when calibration completed (the labelbox rotation mode's neutral). */
    neutral: QuatSchema,
  },
  { $id: "teleop.controller.Calibration" },
);

export type CalibrationRecord = Static<typeof CalibrationRecordSchema>;
export const CalibrationRecordMsg = defineMessage(
  "teleop.controller.Calibration",
  CalibrationRecordSchema,
);
