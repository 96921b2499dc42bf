/**
 * Valid contract messages for tests, one builder per message; a test states
 * only the fields it is about.
 */
import type { CameraInfo } from "@teleop/shared/cameraMessages";
import { FR3_READY_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import type { Vec3 } from "@teleop/shared/math";
import {
  type Buttons,
  type Controller,
  type ControlStatus,
  type RobotCommand,
  type RobotState,
  releasedButtons,
  type VrState,
} from "@teleop/shared/messages";

export type ControllerOver = Partial<Omit<Controller, "buttons">> & { buttons?: Partial<Buttons> };

/** A tracked controller at rest, nothing pressed. */
export function controller(over: ControllerOver = {}): Controller {
  const { buttons, ...rest } = over;
  return {
    tracked: true,
    pose: { position: [0.1, 1.2, -0.3], orientation: [0, 0, 0, 1] },
    trigger: 0,
    grip: 0,
    joystick: [0, 0],
    ...rest,
    buttons: { ...releasedButtons(), ...buttons },
  };
}

/** A tracked controller at `position`, identity orientation. */
export function controllerAt(position: Vec3, over: ControllerOver = {}): Controller {
  return controller({ pose: { position, orientation: [0, 0, 0, 1] }, ...over });
}

/** A controller with the grip held (movement enabled), other buttons as given. */
export function gripping(buttons: Partial<Buttons> = {}): Controller {
  return controller({ trigger: 0.2, grip: 1, buttons: { grip: true, ...buttons } });
}

export function vrState(seq: number, t: number, right = gripping()): VrState {
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

/** A command computed from no VR or robot message (their seqs null), zero action. */
export function robotCommand(
  seq: number,
  t: number,
  over: Partial<RobotCommand> = {},
): RobotCommand {
  return {
    v: 1,
    seq,
    t,
    deadline: t + 100,
    mode: "realtime",
    movement: true,
    target: { position: [0.4, 0, 0.3], orientation: [1, 0, 0, 0] },
    gripper: 0,
    action: [0, 0, 0, 0, 0, 0, 0],
    reset: false,
    vrSeq: null,
    vrT: null,
    robotSeq: null,
    ...over,
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

/** The simulated wrist camera's info: 640x480 at 30 fps, a plain pinhole, 10 cm out from the hand. */
export function wristCameraInfo(t: number, over: Partial<CameraInfo> = {}): CameraInfo {
  return {
    v: 1,
    t,
    camera: "wrist",
    frameId: "camera_wrist",
    source: "sim",
    device: "sim",
    width: 640,
    height: 480,
    fps: 30,
    hasDepth: false,
    distortionModel: "plumb_bob",
    D: [0, 0, 0, 0, 0],
    K: [500, 0, 320, 0, 500, 240, 0, 0, 1],
    R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    P: [500, 0, 320, 0, 0, 500, 240, 0, 0, 0, 1, 0],
    mount: { parent: "fr3_hand", translation: [0, 0, 0.1], rotation: [0, 0, 0, 1] },
    ...over,
  };
}
