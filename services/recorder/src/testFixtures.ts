/** Contract messages and a schema checker for the recorder's unit and service tests. */

import type { CameraDepth, CameraFrame, CameraInfo } from "@teleop/shared/cameraMessages";
import type { Buttons, RobotCommand } from "@teleop/shared/messages";
import type { ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import * as fixtures from "../../../test/support/fixtures";
import type { LatestValues } from "./sample";

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

/** What a tick samples: VR, command, robot and status messages, all sequence `seq` stamped `t`. */
export function latestAt(seq: number, t: number): LatestValues {
  return {
    vr: fixtures.vrState(seq, t),
    command: robotCommand(seq, t),
    robot: fixtures.robotState(seq, t),
    status: fixtures.controlStatus(seq, t),
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

/** A small but complete JPEG-shaped payload (SOI ... EOI) for unit tests; real frames come from ffmpeg in test/. */
const TINY_JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 4, 0xff, 0xd9]);

export function cameraFrame(seq: number, t: number, camera = "scene"): CameraFrame {
  return {
    v: 1,
    seq,
    t,
    camera,
    frameId: `camera_${camera}`,
    format: "jpeg",
    width: 4,
    height: 2,
    data: TINY_JPEG,
  };
}

export function cameraDepth(seq: number, t: number, camera = "scene"): CameraDepth {
  const px = new Uint16Array([100, 200, 300, 400, 500, 600, 700, 800]);
  return {
    v: 1,
    seq,
    t,
    camera,
    frameId: `camera_${camera}`,
    encoding: "16UC1",
    width: 4,
    height: 2,
    data: new Uint8Array(px.buffer),
  };
}

export function cameraInfo(t: number, camera = "scene", fps = 30): CameraInfo {
  return {
    v: 1,
    t,
    camera,
    frameId: `camera_${camera}`,
    source: "sim",
    device: "sim",
    width: 4,
    height: 2,
    fps,
    hasDepth: camera === "scene",
    distortionModel: "plumb_bob",
    D: [0, 0, 0, 0, 0],
    K: [2, 0, 2, 0, 2, 1, 0, 0, 1],
    R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    P: [2, 0, 2, 0, 0, 2, 1, 0, 0, 0, 1, 0],
    mount:
      camera === "wrist"
        ? { parent: "fr3_hand", translation: [0, 0, 0.1], rotation: [0, 0, 0, 1] }
        : { parent: "base", translation: [0.61, -0.91, 0.61], rotation: [0, 0, 0, 1] },
  };
}
