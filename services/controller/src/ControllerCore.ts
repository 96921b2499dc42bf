/**
 * The controller's state across ticks, with no I/O: main.ts feeds it the
 * latest VR and robot messages and the time, and publishes what it returns.
 * Clutch, origins, calibration, predictive mode, safety and the reset after a
 * calibration all live here, so they are tested without NATS.
 */

import { atWorkspaceEdge, type ControlGains, DEBUG_RESET_POSITION } from "@teleop/shared/control";
import { EventType, type EventTypeName } from "@teleop/shared/events";
import type { Logger } from "@teleop/shared/log";
import { allFinite, type Mat4, type Pose } from "@teleop/shared/math";
import type { ControlStatus, RobotCommand, RobotState, VrState } from "@teleop/shared/messages";
import type { Counters } from "@teleop/shared/stats";
import { isUnitQuat, jumpDistance, type PositionSample } from "@teleop/shared/vrChecks";
import { Calibration } from "./Calibration";
import type { CalibrationRecord } from "./calibrationRecord";
import { controlLaw, type OrientationMode } from "./controlLaw";
import { type RobotMode, RobotModeTracker, type RobotPose, robotStandIn } from "./predictive";
import { reorderMatrix } from "./reorder";
import { type ReleaseReason, vrStale } from "./safety";
import { applyDeadZone, labelboxRotation, vrInRobotFrame } from "./vrTransform";

export type Hand = "right" | "left";
export type RotationMode = "droid" | "labelbox";
export type InputStream = "vr" | "robot";

export interface CoreOptions {
  /** Gains and the control rate (the loop's nominal rate, gains.hz). */
  gains: ControlGains;
  coordTransform: number[];
  hand: Hand;
  orientationMode: OrientationMode;
  rotationMode: RotationMode;
  /** Per-axis dead zone in metres; 0 = off. */
  deadZoneM: number;
  vrTimeoutMs: number;
  maxJumpM: number;
  deadlineIntervals: number;
  resetOnCalibrate: boolean;
  instance: string;
  counters: Counters;
  log: Logger;
}

export interface CoreEvent {
  type: EventTypeName;
  data?: Record<string, unknown>;
}

export interface TickOutput {
  command: RobotCommand;
  status: ControlStatus;
}

/**
 * Longest hold after a reset command when the arm never reports it is home
 * (the FR3 home procedure takes about 7 s); moving earlier would start from a
 * pose the arm is leaving.
 */
export const RESET_HOLD_MAX_MS = 10_000;

/** Hold pose before any robot state: the seed's debug reset position, gripper pointing down. */
const HOME: Pose = { position: [...DEBUG_RESET_POSITION], orientation: [1, 0, 0, 0] };

export class ControllerCore {
  readonly calibration: Calibration;
  private readonly reorder: Mat4;
  private readonly intervalMs: number;
  private vr: { msg: VrState; at: number } | undefined;
  private robot: { msg: RobotState; at: number } | undefined;
  private lastSample: PositionSample | undefined;
  private lastTarget: RobotPose | undefined;
  private origins: { vr: Pose; robot: Pose } | undefined;
  private deadZoneLast: Pose["position"] | undefined;
  private engaged = false;
  private mode: RobotMode = "idle";
  private readonly modeTracker: RobotModeTracker;
  private prevGrip = false;
  private originResetPending = false;
  private forcedRelease: ReleaseReason | undefined;
  private resetPending = false;
  /** When the last reset command went out, until the arm reports it is home. */
  private resettingSince: number | undefined;
  /** When the bridge announced the home procedure now under way, whoever asked for it. */
  private armHomingSince: number | undefined;
  private readonly rejecting: Record<InputStream, boolean> = { vr: false, robot: false };
  private events: CoreEvent[] = [];
  private calibrationChange: { record: CalibrationRecord | null } | undefined;
  private commandSeq = 0;
  private statusSeq = 0;

  constructor(private readonly o: CoreOptions) {
    this.reorder = reorderMatrix(o.coordTransform);
    this.intervalMs = 1000 / o.gains.hz;
    this.modeTracker = new RobotModeTracker(this.intervalMs);
    this.calibration = new Calibration({
      hand: o.hand,
      coordTransform: o.coordTransform,
      reorder: this.reorder,
    });
  }

  /** A decoded VR message; returns false when the controller's sample is rejected. */
  offerVr(msg: VrState, at: number): boolean {
    const c = msg[this.o.hand];
    if (c?.tracked) {
      if (!isUnitQuat(c.pose.orientation)) {
        this.refuse("vr", "invalid", `${this.o.hand} orientation is not a unit quaternion`);
        return false;
      }
      const sample = { position: c.pose.position, t: msg.t };
      const jump = jumpDistance(this.lastSample, sample, this.o.maxJumpM, this.o.vrTimeoutMs);
      // The new position becomes the reference, so a lasting shift (recenter) is accepted next sample.
      this.lastSample = sample;
      if (jump !== undefined) {
        this.o.counters.inc("vrJumps");
        this.forcedRelease = "jump";
        this.refuse(
          "vr",
          "jump",
          `${this.o.hand} controller jumped ${jump.toFixed(3)} m in one sample`,
        );
        return false;
      }
    }
    this.vr = { msg, at };
    this.rejecting.vr = false;
    if (c?.tracked) this.followButtons(c.pose, c.buttons.grip, c.buttons.joystick, msg.t);
    return true;
  }

  /** A decoded robot state; returns false when it is rejected. */
  offerRobot(msg: RobotState, at: number): boolean {
    if (!isUnitQuat(msg.pose.orientation)) {
      this.refuse("robot", "invalid", "robot orientation is not a unit quaternion");
      return false;
    }
    this.robot = { msg, at };
    this.modeTracker.observe(msg.t);
    this.rejecting.robot = false;
    return true;
  }

  /** Input refused anywhere (bus decode or here): counted, and an event when a stream starts failing. */
  rejectInput(stream: InputStream, kind: string, reason: string): void {
    this.o.counters.inc(`${stream}Rejected`);
    if (this.rejecting[stream]) return;
    this.rejecting[stream] = true;
    this.events.push({ type: EventType.inputRejected, data: { stream, kind, reason } });
  }

  /** Input refused here (the bus logs its own): logged once per run of refusals, like the event. */
  private refuse(stream: InputStream, kind: string, reason: string): void {
    if (!this.rejecting[stream]) this.o.log.warn(`rejected ${stream} input: ${reason}`, { kind });
    this.rejectInput(stream, kind, reason);
  }

  /** The arm started its home procedure (asked by this instance or another): hold until it is home. */
  resetStarted(now: number): void {
    this.armHomingSince = now;
    this.resettingSince = now;
  }

  /** The arm reports it is home: motion may resume, from origins taken there. */
  resetDone(): void {
    this.armHomingSince = undefined;
    this.resettingSince = undefined;
    this.originResetPending = true;
  }

  /** The VR reference space was reset (recentered): release the clutch for a tick. */
  referenceReset(): void {
    this.forcedRelease = "referenceReset";
  }

  /** Adopt a stored calibration; returns why it was refused, if it was. */
  loadCalibration(record: CalibrationRecord): string | undefined {
    return this.calibration.load(record);
  }

  /**
   * Take over from an active controller that stopped (hot standby). The
   * stored calibration wins (undefined: none stored; the standby's own
   * gestures may differ), the next engaged tick takes new origins at the
   * arm's measured pose so the target does not jump, and what only this
   * standby computed (its reset request and the hold after it, its last
   * target, its calibration write) is dropped: a home procedure really under
   * way was announced by the bridge (resetStarted) and holds again.
   * Returns why the stored calibration was refused.
   */
  takeOver(stored: CalibrationRecord | undefined): string | undefined {
    this.resetPending = false;
    this.resettingSince = this.armHomingSince;
    this.originResetPending = true;
    this.lastTarget = undefined;
    this.calibrationChange = undefined;
    if (stored) return this.calibration.load(stored);
    this.calibration.clear();
    return undefined;
  }

  clearCalibration(): void {
    this.calibration.clear();
    this.calibrationChange = { record: null };
    this.events.push({ type: EventType.calibrationCleared });
  }

  takeEvents(): CoreEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }

  /** The calibration to store (null: delete) since the last call, if it changed. */
  takeCalibrationChange(): { record: CalibrationRecord | null } | undefined {
    const c = this.calibrationChange;
    this.calibrationChange = undefined;
    return c;
  }

  private followButtons(pose: Pose, grip: boolean, joystick: boolean, t: number): void {
    if (grip !== this.prevGrip) this.originResetPending = true;
    this.prevGrip = grip;
    const record = this.calibration.update({ pose, grip, joystick, t });
    if (!record) return;
    this.calibrationChange = { record };
    this.originResetPending = true;
    this.events.push({
      type: record.how === "forward" ? EventType.forwardCalibrationDone : EventType.calibrationDone,
      data: { how: record.how, hand: record.hand },
    });
    if (this.o.resetOnCalibrate) this.resetPending = true;
  }

  private releaseReason(now: number, mode: RobotMode): ReleaseReason | undefined {
    const forced = this.forcedRelease;
    this.forcedRelease = undefined;
    const vr = this.vr;
    if (!vr || vrStale(vr.msg.t, vr.at, now, this.o.vrTimeoutMs)) return "vrTimeout";
    const c = vr.msg[this.o.hand];
    if (!c?.tracked) return "untracked";
    if (forced) return forced;
    if (!c.buttons.grip) return "grip";
    if (!this.calibration.calibrated) return "uncalibrated";
    if (mode === "idle") return "noRobotState";
    const resetting =
      this.resettingSince !== undefined && now - this.resettingSince < RESET_HOLD_MAX_MS;
    if (this.resetPending || resetting) return "reset";
    return undefined;
  }

  private vrPose(): Pose {
    const c = this.vr!.msg[this.o.hand]!;
    const cal = this.calibration.record!;
    const pose = vrInRobotFrame(c.pose, cal, this.reorder, this.o.gains.spatialCoeff);
    if (this.o.rotationMode === "labelbox") {
      pose.orientation = labelboxRotation(cal.neutral, c.pose.orientation);
    }
    return pose;
  }

  tick(now: number, achievedHz: number): TickOutput {
    const measured = this.robot && {
      pose: this.robot.msg.pose,
      gripper: this.robot.msg.gripper,
    };
    const mode = this.modeTracker.update(now);
    if (mode !== this.mode) {
      this.events.push({ type: EventType.modeChanged, data: { from: this.mode, to: mode } });
      this.mode = mode;
    }
    const standIn = robotStandIn(mode, measured, this.lastTarget);
    const reason = this.releaseReason(now, mode);
    const engage = reason === undefined && standIn !== undefined;
    if (engage !== this.engaged) {
      this.events.push(
        engage
          ? { type: EventType.clutchEngaged }
          : { type: EventType.clutchReleased, data: { reason } },
      );
    }

    const hold: RobotPose = {
      pose: standIn?.pose ?? this.lastTarget?.pose ?? HOME,
      gripper: this.lastTarget?.gripper ?? standIn?.gripper ?? 0,
    };
    let out = { movement: false, target: hold.pose, gripper: hold.gripper, action: zeros() };
    if (engage && standIn) {
      let vr = this.vrPose();
      if (!this.engaged || this.originResetPending || !this.origins) {
        this.origins = { vr, robot: standIn.pose };
        this.deadZoneLast = vr.position;
      }
      if (this.o.deadZoneM > 0 && this.deadZoneLast) {
        vr = { ...vr, position: applyDeadZone(this.deadZoneLast, vr.position, this.o.deadZoneM) };
        this.deadZoneLast = vr.position;
      }
      const law = controlLaw(
        {
          vr,
          vrOrigin: this.origins.vr,
          robot: standIn.pose,
          robotOrigin: this.origins.robot,
          trigger: this.vr!.msg[this.o.hand]!.trigger,
          robotGripper: standIn.gripper,
        },
        this.o.gains,
        this.o.orientationMode,
      );
      if (isFinitePose(law.target) && allFinite(law.action)) {
        out = { movement: true, target: law.target, gripper: law.gripper, action: law.action };
        this.lastTarget = { pose: law.target, gripper: law.gripper };
      } else {
        this.o.counters.inc("nonFiniteOutput");
      }
    }
    this.engaged = engage;
    this.originResetPending = false;

    // A pending reset has held the clutch released this tick (releaseReason).
    const reset = this.resetPending;
    if (reset) {
      this.resetPending = false;
      this.resettingSince = now;
      // The arm is going home: the last target no longer stands for where it is.
      this.lastTarget = undefined;
    }

    const vrT = this.vr?.msg.t ?? null;
    const robotT = this.robot?.msg.t ?? null;
    const command: RobotCommand = {
      v: 1,
      seq: this.commandSeq++,
      t: now,
      deadline: now + this.o.deadlineIntervals * this.intervalMs,
      // A command needs a mode; with no robot state yet the hold pose is not measured.
      mode: mode === "realtime" ? "realtime" : "predictive",
      movement: out.movement,
      target: out.target,
      gripper: out.gripper,
      action: out.action,
      reset,
      vrSeq: this.vr?.msg.seq ?? null,
      vrT,
      robotSeq: this.robot?.msg.seq ?? null,
      instance: this.o.instance,
    };
    const status: ControlStatus = {
      v: 1,
      seq: this.statusSeq++,
      t: now,
      mode,
      movement: out.movement,
      calibrated: this.calibration.calibrated,
      vrAgeMs: vrT === null ? null : Math.max(0, now - vrT),
      robotAgeMs: robotT === null ? null : Math.max(0, now - robotT),
      hz: achievedHz,
      holdReason: out.movement ? null : (reason ?? (standIn ? "nonFinite" : "noRobotState")),
      atEdge: out.movement && atWorkspaceEdge(out.target.position),
      instance: this.o.instance,
    };
    return { command, status };
  }
}

function zeros(): number[] {
  return [0, 0, 0, 0, 0, 0, 0];
}

function isFinitePose(p: Pose): boolean {
  return allFinite(p.position) && allFinite(p.orientation);
}
