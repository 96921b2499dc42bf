/**
 * Calibration state machine, fed one sample of the active controller at a
 * time (REFERENCE section 4 and the replaced server):
 * - G = inverse(controller pose) captured on the first grip press, or by a
 *   joystick click at any time (DROID);
 * - forward direction: hold the joystick, move the controller more than 3 mm,
 *   release: the motion direction, mapped into the robot frame, is rotated
 *   onto robot +X. G is the pose where the joystick went down.
 */
import { FORWARD_CALIBRATION_MIN_MOVE_M } from "@teleop/shared/control";
import {
  IDENTITY_QUAT,
  invertPose,
  type Mat4,
  mat4ToPose,
  norm,
  type Pose,
  type Quat,
  quatBetween,
  rotate,
  sub,
} from "@teleop/shared/math";
import type { CalibrationRecord } from "./calibrationRecord";

export interface CalibrationSample {
  pose: Pose;
  joystick: boolean;
  grip: boolean;
  /** Sample time, epoch ms. */
  t: number;
}

export interface CalibrationContext {
  hand: CalibrationRecord["hand"];
  coordTransform: number[];
  reorder: Mat4;
}

export class Calibration {
  record: CalibrationRecord | undefined;
  private gestureStart: Pose | undefined;
  private prevJoystick = false;
  private prevGrip = false;
  private readonly reorderQuat: Quat;

  constructor(private readonly ctx: CalibrationContext) {
    this.reorderQuat = mat4ToPose(ctx.reorder).orientation;
  }

  get calibrated(): boolean {
    return this.record !== undefined;
  }

  /** Adopt a stored record; refused (returns a reason) when it was made for another hand or reorder vector. */
  load(record: CalibrationRecord): string | undefined {
    if (record.hand !== this.ctx.hand) return `stored for the ${record.hand} controller`;
    if (record.coordTransform.join(" ") !== this.ctx.coordTransform.join(" ")) {
      return `stored under coord transform [${record.coordTransform.join(" ")}]`;
    }
    this.record = record;
    return undefined;
  }

  clear(): void {
    this.record = undefined;
    this.gestureStart = undefined;
  }

  /** Returns the new record when this sample completes a calibration. */
  update(s: CalibrationSample): CalibrationRecord | undefined {
    const joystickDown = s.joystick && !this.prevJoystick;
    const joystickUp = !s.joystick && this.prevJoystick;
    const gripDown = s.grip && !this.prevGrip;
    this.prevJoystick = s.joystick;
    this.prevGrip = s.grip;

    if (joystickDown) {
      this.gestureStart = s.pose;
      return undefined;
    }
    if (joystickUp && this.gestureStart) {
      const start = this.gestureStart;
      this.gestureStart = undefined;
      const g = invertPose(start);
      const moved = sub(s.pose.position, start.position);
      if (norm(moved) > FORWARD_CALIBRATION_MIN_MOVE_M) {
        // The direction as the law will see it: through G, then the reorder matrix.
        const mapped = rotate(this.reorderQuat, rotate(g.orientation, moved));
        return this.capture("forward", g, quatBetween(mapped, [1, 0, 0]), s);
      }
      return this.capture("joystick", g, IDENTITY_QUAT, s);
    }
    if (gripDown && !this.record && !this.gestureStart) {
      return this.capture("grip", invertPose(s.pose), IDENTITY_QUAT, s);
    }
    return undefined;
  }

  private capture(
    how: CalibrationRecord["how"],
    g: Pose,
    forward: Quat,
    s: CalibrationSample,
  ): CalibrationRecord {
    this.record = {
      v: 1,
      t: s.t,
      how,
      hand: this.ctx.hand,
      coordTransform: [...this.ctx.coordTransform],
      g,
      forward: [...forward],
      neutral: [...s.pose.orientation],
    };
    return this.record;
  }
}
