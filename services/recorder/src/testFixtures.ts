/** Contract messages and a schema checker for the recorder's unit and service tests. */

import type { Buttons, RobotCommand } from "@teleop/shared/messages";
import Ajv, { type ValidateFunction } from "ajv";
import * as fixtures from "../../../test/support/fixtures";

export { controlStatus, robotState, vrState } from "../../../test/support/fixtures";

/** A right controller with the grip held (recording on), other buttons as given. */
export const controller = (over: Partial<Buttons> = {}) => fixtures.gripping(over);

/** A command that follows VR and robot message `seq`, moving in +x with the gripper open. */
export function robotCommand(seq: number, t: number): RobotCommand {
  return fixtures.robotCommand(seq, t, {
    deadline: t + 50,
    action: [0.1, 0, 0, 0, 0, 0, -1],
    vrSeq: seq,
    vrT: t,
    robotSeq: seq,
  });
}

/** ajv validators for channel schemas as written into a file (JSON text), one per schema name. */
export class SchemaChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
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
