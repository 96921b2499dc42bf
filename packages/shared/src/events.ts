/** Event types published on teleop.events (the `type` field of an Event). */
export const EventType = {
  /** Grip pressed: movement enabled (controller). */
  clutchEngaged: "clutch.engaged",
  /** Grip released, VR timeout, tracking lost or reference-space reset (controller). data.reason says which. */
  clutchReleased: "clutch.released",
  calibrationDone: "calibration.done",
  calibrationCleared: "calibration.cleared",
  forwardCalibrationDone: "calibration.forward",
  /** realtime <-> predictive (controller). data: { from, to } */
  modeChanged: "mode.changed",
  /** Input rejected (any service). data: { subject or source, kind, reason } */
  inputRejected: "input.rejected",
  /** A/B/X/Y/joystick/menu edges (vr-ingest). data: { hand, button, pressed } */
  button: "button",
  /** Device connected / disconnected (vr-ingest). data: { source, ... } */
  deviceConnected: "device.connected",
  deviceDisconnected: "device.disconnected",
  /** Recorder episodes. data: { path, frames?, durationS?, success? } */
  episodeStarted: "episode.started",
  episodeSaved: "episode.saved",
  episodeDiscarded: "episode.discarded",
  /** Robot home procedure (robot-bridge). */
  resetStarted: "robot.reset.started",
  resetDone: "robot.reset.done",
  robotError: "robot.error",
  /** Hot-standby role changes (controller). data: { instance, role } */
  roleChanged: "role.changed",
  /** The headset recentred its reference space (vr-ingest webxr); treated as a clutch release. data: { hand? } */
  referenceSpaceReset: "reference-space.reset",
} as const;

export type EventTypeName = (typeof EventType)[keyof typeof EventType];
