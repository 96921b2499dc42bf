/** Every NATS subject of the system, built from one configurable prefix. */
export const DEFAULT_PREFIX = "teleop";

const PREFIX_RE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export interface Subjects {
  prefix: string;
  vrState: string;
  robotCommand: string;
  robotState: string;
  controlStatus: string;
  controlCalibrate: string;
  events: string;
  recorderStart: string;
  recorderSave: string;
  recorderDiscard: string;
  recorderStatus: string;
  /** Objects of the simulated world (the sim backend's cube). */
  simScene: string;
  /** `teleop.camera.<id>.image`: CameraFrame. */
  cameraImage(camera: string): string;
  /** `teleop.camera.<id>.depth`: CameraDepth. */
  cameraDepth(camera: string): string;
  /** `teleop.camera.<id>.info`: CameraInfo, 1 Hz and on change. */
  cameraInfo(camera: string): string;
  /** Wildcard over every camera stream. */
  cameraAll: string;
  /** `teleop.health.<service>` */
  health(service: string): string;
  /** Wildcard over every service's health. */
  healthAll: string;
  /** Wildcard over everything under the prefix. */
  all: string;
  /** KV bucket names cannot contain dots; one bucket per rig. */
  kvBucket(name: string): string;
}

export function subjects(prefix: string = process.env.TELEOP_PREFIX || DEFAULT_PREFIX): Subjects {
  if (!PREFIX_RE.test(prefix)) {
    throw new Error(
      `TELEOP_PREFIX "${prefix}" is not a valid subject prefix (letters, digits, _ and -, dot-separated)`,
    );
  }
  const s = (rest: string) => `${prefix}.${rest}`;
  return {
    prefix,
    vrState: s("vr.state"),
    robotCommand: s("robot.command"),
    robotState: s("robot.state"),
    controlStatus: s("control.status"),
    controlCalibrate: s("control.calibrate"),
    events: s("events"),
    recorderStart: s("recorder.start"),
    recorderSave: s("recorder.save"),
    recorderDiscard: s("recorder.discard"),
    recorderStatus: s("recorder.status"),
    simScene: s("sim.scene"),
    cameraImage: (camera) => s(`camera.${camera}.image`),
    cameraDepth: (camera) => s(`camera.${camera}.depth`),
    cameraInfo: (camera) => s(`camera.${camera}.info`),
    cameraAll: s("camera.>"),
    health: (service) => s(`health.${service}`),
    healthAll: s("health.*"),
    all: s(">"),
    kvBucket: (name) => `${prefix.replace(/\./g, "_")}_${name}`,
  };
}
