/** Contract messages and a schema checker for the recorder's unit and service tests. */

import { FR3_READY_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import type {
  Controller,
  ControlStatus,
  RobotCommand,
  RobotState,
  VrState,
} from "@teleop/shared/messages";
import type { ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";

export function controller(over: Partial<Controller["buttons"]> = {}): Controller {
  return {
    tracked: true,
    pose: { position: [0.1, 1.2, -0.3], orientation: [0, 0, 0, 1] },
    trigger: 0.2,
    grip: 1,
    joystick: [0, 0],
    buttons: {
      primary: false,
      secondary: false,
      grip: true,
      trigger: false,
      joystick: false,
      menu: false,
      ...over,
    },
  };
}

export function vrState(seq: number, t: number, right = controller()): VrState {
  return { v: 1, seq, t, source: "sim", right };
}

export function robotState(
  seq: number,
  t: number,
  q: readonly number[] = FR3_READY_JOINTS,
): RobotState {
  return {
    v: 1,
    seq,
    t,
    pose: fr3ForwardKinematics(q),
    gripper: 0.5,
    joints: { position: [...q], velocity: [0, 0, 0, 0, 0, 0, 0] },
    commandSeq: seq,
    rttMs: 5,
    backend: "sim",
  };
}

export function robotCommand(seq: number, t: number): RobotCommand {
  return {
    v: 1,
    seq,
    t,
    deadline: t + 50,
    mode: "realtime",
    movement: true,
    target: { position: [0.4, 0, 0.3], orientation: [1, 0, 0, 0] },
    gripper: 0,
    action: [0.1, 0, 0, 0, 0, 0, -1],
    reset: false,
    vrSeq: seq,
    vrT: t,
    robotSeq: seq,
  };
}

export function controlStatus(seq: number, t: number): ControlStatus {
  return {
    v: 1,
    seq,
    t,
    mode: "realtime",
    movement: true,
    calibrated: true,
    vrAgeMs: 5,
    robotAgeMs: 10,
    hz: 40,
  };
}

/** ajv (draft 2020-12) validators for channel schemas as written into a file (JSON text), one per schema name. */
export class SchemaChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly byName = new Map<string, ValidateFunction>();

  /** Why `value` fails the schema, or undefined when it is valid. */
  check(schemaName: string, schema: string | object, value: unknown): string | undefined {
    let validate = this.byName.get(schemaName);
    if (!validate) {
      const text = typeof schema === "string" ? schema : JSON.stringify(schema);
      const { $id: _, ...s } = JSON.parse(text);
      validate = this.ajv.compile(s);
      this.byName.set(schemaName, validate);
    }
    return validate(value) ? undefined : this.ajv.errorsText(validate.errors);
  }
}
