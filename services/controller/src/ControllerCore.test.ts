import { describe, expect, test } from "bun:test";
import { EventType } from "@teleop/shared/events";
import type { Quat, Vec3 } from "@teleop/shared/math";
import type { RobotState, VrState } from "@teleop/shared/messages";
import { Counters } from "@teleop/shared/stats";
import {
  ControllerCore,
  type CoreOptions,
  RESET_HOLD_MAX_MS,
  type TickOutput,
} from "./ControllerCore";
import { expectClose } from "./expectClose";
import { testCoreOptions } from "./testCoreOptions";

const DOWN: Quat = [1, 0, 0, 0];
interface Hand {
  pos?: Vec3;
  grip?: boolean;
  joystick?: boolean;
  trigger?: number;
  tracked?: boolean;
  orientation?: Quat;
}

/** Drives a core the way main.ts does, on a simulated clock: 20 Hz ticks. */
class Rig {
  readonly counters = new Counters();
  readonly core: ControllerCore;
  t = 1_000_000;
  private vrSeq = 0;
  private robotSeq = 0;
  hand: Hand = { pos: [0, 1, 0] };
  robotPos: Vec3 = [0.4, 0, 0.3];

  constructor(over: Partial<CoreOptions> = {}) {
    this.core = new ControllerCore(testCoreOptions(this.counters, over));
  }

  vrMsg(h: Hand, t = this.t): VrState {
    return {
      v: 1,
      seq: this.vrSeq++,
      t,
      source: "sim",
      right: {
        tracked: h.tracked ?? true,
        pose: { position: h.pos ?? [0, 1, 0], orientation: h.orientation ?? [0, 0, 0, 1] },
        trigger: h.trigger ?? 0,
        grip: h.grip ? 1 : 0,
        joystick: [0, 0],
        buttons: {
          primary: false,
          secondary: false,
          grip: h.grip ?? false,
          trigger: false,
          joystick: h.joystick ?? false,
          menu: false,
        },
      },
    };
  }

  robotMsg(t = this.t): RobotState {
    return {
      v: 1,
      seq: this.robotSeq++,
      t,
      pose: { position: this.robotPos, orientation: DOWN },
      gripper: 0,
      joints: null,
      commandSeq: null,
      rttMs: null,
      backend: "test",
    };
  }

  /** Advance one control interval: VR and robot state (unless withheld) arrive, then the tick. */
  step(h: Hand | null = this.hand, robot = true): TickOutput {
    this.t += 50;
    if (h) {
      this.hand = h;
      this.core.offerVr(this.vrMsg(h, this.t - 5), this.t - 4);
    }
    if (robot) this.core.offerRobot(this.robotMsg(this.t - 5), this.t - 4);
    return this.core.tick(this.t, 20);
  }

  eventTypes(): string[] {
    return this.core.takeEvents().map((e) => e.type);
  }
}

/** A rig calibrated by a grip press at (0, 1, 0), engaged and with events drained. */
function engaged(over: Partial<CoreOptions> = {}): Rig {
  const rig = new Rig(over);
  rig.step({ pos: [0, 1, 0] });
  rig.step({ pos: [0, 1, 0], grip: true });
  rig.core.takeEvents();
  rig.core.takeCalibrationChange();
  return rig;
}

describe("before anything arrives", () => {
  test("idle: hold at home, no movement, deadline two intervals ahead", () => {
    const rig = new Rig();
    const { command, status } = rig.step({ pos: [0, 1, 0], grip: true }, false);
    expect(status.mode).toBe("idle");
    expect(status.robotAgeMs).toBeNull();
    expect(command.movement).toBe(false);
    expect(command.mode).toBe("predictive");
    expect(command.action).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expectClose(command.target.position, [0.4, 0, 0.3]);
    expect(command.deadline).toBe(rig.t + 100);
    expect(command.instance).toBe("test");
    expect(status.instance).toBe("test");
  });

  test("the deadline follows the configured number of intervals", () => {
    const rig = new Rig({ deadlineIntervals: 3 });
    expect(rig.step().command.deadline).toBe(rig.t + 150);
  });
});

describe("clutch and origins", () => {
  test("the first grip press calibrates and engages; moving 10 cm toward VR -Z drives +X", () => {
    const rig = new Rig();
    expect(rig.step({ pos: [0, 1, 0] }).command.movement).toBe(false);
    const press = rig.step({ pos: [0, 1, 0], grip: true });
    expect(rig.eventTypes()).toEqual([
      EventType.modeChanged,
      EventType.calibrationDone,
      EventType.clutchEngaged,
    ]);
    expect(rig.core.takeCalibrationChange()?.record?.how).toBe("grip");
    expect(press.command.movement).toBe(true);
    expectClose(press.command.action, [0, 0, 0, 0, 0, 0, 0]);
    const moved = rig.step({ pos: [0, 1, -0.1], grip: true });
    expectClose(moved.command.action.slice(0, 3), [0.5, 0, 0]);
    expectClose(moved.command.target.position, [0.4375, 0, 0.3]);
    expect(moved.command.mode).toBe("realtime");
    expect(moved.status.movement).toBe(true);
    expect(moved.status.calibrated).toBe(true);
  });

  test("release: zero action, hold where the robot is; the next press re-bases the origins", () => {
    const rig = engaged();
    rig.step({ pos: [0, 1, -0.1], grip: true });
    const released = rig.step({ pos: [0, 1, -0.1] });
    expect(released.command.movement).toBe(false);
    expect(released.command.action).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expectClose(released.command.target.position, [0.4, 0, 0.3]);
    expect(rig.core.takeEvents()).toContainEqual({
      type: EventType.clutchReleased,
      data: { reason: "grip" },
    });
    // Moving while released does nothing; pressing again starts from here.
    rig.step({ pos: [0, 1, -0.15] });
    rig.step({ pos: [0, 1, -0.2] });
    const again = rig.step({ pos: [0, 1, -0.2], grip: true });
    expectClose(again.command.action, [0, 0, 0, 0, 0, 0, 0]);
    const moved = rig.step({ pos: [0, 1, -0.28], grip: true });
    expectClose(moved.command.action.slice(0, 3), [0.4, 0, 0]);
  });

  test("a release and press between two ticks still re-bases the origins", () => {
    const rig = engaged();
    rig.step({ pos: [0, 1, -0.1], grip: true });
    rig.core.offerVr(rig.vrMsg({ pos: [0, 1, -0.2] }, rig.t + 10), rig.t + 11);
    rig.core.offerVr(rig.vrMsg({ pos: [0, 1, -0.25], grip: true }, rig.t + 20), rig.t + 21);
    const out = rig.step({ pos: [0, 1, -0.25], grip: true });
    expectClose(out.command.action, [0, 0, 0, 0, 0, 0, 0]);
  });

  test("gripper closes above the trigger threshold", () => {
    const rig = engaged();
    expect(rig.step({ pos: [0, 1, 0], grip: true, trigger: 0.05 }).command.gripper).toBe(0);
    expect(rig.step({ pos: [0, 1, 0], grip: true, trigger: 0.5 }).command.gripper).toBe(1);
  });
});

describe("reset after a calibration", () => {
  test("one reset command, then no motion until the arm reports it is home; origins taken there", () => {
    const rig = new Rig({ resetOnCalibrate: true });
    rig.step({ pos: [0, 1, 0] });
    const cal = rig.step({ pos: [0, 1, 0], grip: true });
    expect(cal.command.reset).toBe(true);
    expect(cal.command.movement).toBe(false);
    const held = rig.step({ pos: [0, 1, -0.1], grip: true });
    expect(held.command.reset).toBe(false);
    expect(held.command.movement).toBe(false);
    expect(rig.core.takeEvents()).not.toContainEqual({ type: EventType.clutchEngaged });
    rig.robotPos = [0.45, 0.03, 0.27];
    rig.core.resetDone();
    const home = rig.step({ pos: [0, 1, -0.1], grip: true });
    expect(home.command.movement).toBe(true);
    expectClose(home.command.action, [0, 0, 0, 0, 0, 0, 0]);
    expectClose(home.command.target.position, [0.45, 0.03, 0.27]);
    expectClose(
      rig.step({ pos: [0, 1, -0.2], grip: true }).command.action.slice(0, 3),
      [0.5, 0, 0],
    );
  });

  test("with no word from the arm, motion resumes after the longest home procedure", () => {
    const rig = new Rig({ resetOnCalibrate: true });
    rig.step({ pos: [0, 1, 0] });
    expect(rig.step({ pos: [0, 1, 0], grip: true }).command.reset).toBe(true);
    const ticks = RESET_HOLD_MAX_MS / 50;
    for (let i = 1; i < ticks; i++) expect(rig.step().command.movement).toBe(false);
    expect(rig.step().command.movement).toBe(true);
  });

  test("a stored calibration engages on the first press with no reset", () => {
    const source = engaged();
    const record = source.core.calibration.record!;
    const rig = new Rig({ resetOnCalibrate: true });
    expect(rig.core.loadCalibration(record)).toBeUndefined();
    rig.step({ pos: [0, 1, 0] });
    const press = rig.step({ pos: [0, 1, 0], grip: true });
    expect(press.command.reset).toBe(false);
    expect(press.command.movement).toBe(true);
    expect(rig.eventTypes()).not.toContain(EventType.calibrationDone);
  });

  test("clearing makes it uncalibrated until the next press calibrates again", () => {
    const rig = engaged();
    rig.core.clearCalibration();
    expect(rig.core.takeCalibrationChange()).toEqual({ record: null });
    const out = rig.step({ pos: [0, 1, 0], grip: true });
    expect(out.status.calibrated).toBe(false);
    expect(out.command.movement).toBe(false);
    expect(rig.core.takeEvents()).toContainEqual({
      type: EventType.clutchReleased,
      data: { reason: "uncalibrated" },
    });
    rig.step({ pos: [0, 1, 0] });
    expect(rig.step({ pos: [0, 1, 0], grip: true }).status.calibrated).toBe(true);
  });
});

describe("status says why the arm holds", () => {
  test("holdReason: grip, no robot, null while it moves, untracked, stale VR", () => {
    const rig = new Rig();
    expect(rig.step({ pos: [0, 1, 0] }, false).status.holdReason).toBe("grip");
    // The press calibrates; with no robot state yet the arm still holds.
    expect(rig.step({ pos: [0, 1, 0], grip: true }, false).status.holdReason).toBe("noRobotState");
    expect(rig.step({ pos: [0, 1, 0], grip: true }).status.holdReason).toBeNull();
    expect(rig.step({ pos: [0, 1, 0], grip: true, tracked: false }).status.holdReason).toBe(
      "untracked",
    );
    rig.step(null);
    expect(rig.step(null).status.holdReason).toBe("vrTimeout");
  });

  test("atEdge while the target is clipped to the workspace", () => {
    const rig = engaged();
    expect(rig.step({ pos: [0, 1, -0.01], grip: true }).status.atEdge).toBe(false);
    const near = new Rig();
    near.robotPos = [0.74, 0, 0.3];
    near.step({ pos: [0, 1, 0] });
    near.step({ pos: [0, 1, 0], grip: true });
    // 5 cm forward from 0.74: 0.74 + 0.25 x 0.075 is past 0.75, so the target is clipped there.
    const out = near.step({ pos: [0, 1, -0.05], grip: true });
    expect(out.command.target.position[0]).toBeCloseTo(0.75, 9);
    expect(out.status.atEdge).toBe(true);
  });
});

describe("predictive mode", () => {
  test("robot states withheld: predictive on the third tick, from the last target; realtime when they return", () => {
    const rig = engaged();
    const b = rig.step({ pos: [0, 1, -0.1], grip: true });
    expectClose(b.command.target.position, [0.4375, 0, 0.3]);
    rig.core.takeEvents();
    // Last robot state was made 5 ms before tick B; ages at the next ticks: 55, 105, ...
    const c = rig.step(undefined, false);
    expect(c.status.mode).toBe("realtime");
    const d = rig.step(undefined, false);
    expect(d.status.mode).toBe("predictive");
    expect(d.command.mode).toBe("predictive");
    expect(rig.core.takeEvents()).toContainEqual({
      type: EventType.modeChanged,
      data: { from: "realtime", to: "predictive" },
    });
    // Robot stands at the last target 0.4375: (0.1 - 0.0375) x 5 = 0.3125; 0.4375 + 0.3125 x 0.075.
    expectClose(d.command.target.position, [0.4609375, 0, 0.3]);
    expect(d.status.robotAgeMs).toBeCloseTo(105, 6);
    rig.robotPos = [0.47, 0, 0.3];
    // States return every tick (50 ms): realtime after a hold of max(3 x 50, 4 x 50) = 200 ms of fresh ticks.
    const held = [rig.step(), rig.step(), rig.step(), rig.step()];
    expect(held.map((o) => o.status.mode)).toEqual([
      "predictive",
      "predictive",
      "predictive",
      "predictive",
    ]);
    // Still its own last target, not the measurement, while predictive.
    expect(held[0]!.command.target.position[0]).toBeGreaterThan(0.47);
    rig.core.takeEvents();
    const back = rig.step();
    expect(back.status.mode).toBe("realtime");
    expect(rig.core.takeEvents()).toContainEqual({
      type: EventType.modeChanged,
      data: { from: "predictive", to: "realtime" },
    });
    rig.robotPos = [0.47, 0, 0.3];
    const next = rig.step();
    // From the measurement: (0.1 - 0.07) x 5 = 0.15; 0.47 + 0.15 x 0.075.
    expectClose(next.command.target.position, [0.48125, 0, 0.3]);
  });

  test("a state every 150 ms at 20 Hz: predictive and steady, the state's age on every status", () => {
    const rig = engaged();
    rig.core.takeEvents();
    const ages: number[] = [];
    let changes = 0;
    for (let i = 0; i < 1200; i++) {
      const out = rig.step({ pos: [0, 1, -0.05], grip: true }, i % 3 === 0);
      if (out.status.robotAgeMs !== null) ages.push(out.status.robotAgeMs);
      changes += rig.core.takeEvents().filter((e) => e.type === EventType.modeChanged).length;
      if (i > 3) expect(out.status.mode).toBe("predictive");
    }
    // One minute of ticks: one switch, and ages 5, 55, 105 ms in turn.
    expect(changes).toBe(1);
    expect(ages).toHaveLength(1200);
    expect(new Set(ages.map((a) => Math.round(a)))).toEqual(new Set([5, 55, 105]));
  });
});

describe("safety", () => {
  test("VR stopped: released once no message is newer than 100 ms; resumes with new origins", () => {
    const rig = engaged();
    rig.step({ pos: [0, 1, -0.05], grip: true });
    // The last VR sample was made 5 ms before that tick: ages 55, 105.
    expect(rig.step(null).command.movement).toBe(true);
    const stale = rig.step(null);
    expect(stale.command.movement).toBe(false);
    expect(stale.command.action).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rig.core.takeEvents()).toContainEqual({
      type: EventType.clutchReleased,
      data: { reason: "vrTimeout" },
    });
    const resumed = rig.step({ pos: [0, 1, -0.3], grip: true });
    expect(resumed.command.movement).toBe(true);
    expectClose(resumed.command.action, [0, 0, 0, 0, 0, 0, 0]);
  });

  test("tracking lost releases the clutch", () => {
    const rig = engaged();
    const out = rig.step({ pos: [0, 1, -0.05], grip: true, tracked: false });
    expect(out.command.movement).toBe(false);
    expect(rig.core.takeEvents()).toContainEqual({
      type: EventType.clutchReleased,
      data: { reason: "untracked" },
    });
  });

  test("a pose jump is rejected, counted, held for a tick; motion resumes from there", () => {
    const rig = engaged();
    rig.step({ pos: [0, 1, -0.05], grip: true });
    const jumped = rig.vrMsg({ pos: [0.3, 1, -0.05], grip: true }, rig.t + 20);
    expect(rig.core.offerVr(jumped, rig.t + 21)).toBe(false);
    expect(rig.counters.get("vrJumps")).toBe(1);
    expect(rig.counters.get("vrRejected")).toBe(1);
    const held = rig.core.tick(rig.t + 25, 20);
    expect(held.command.movement).toBe(false);
    const events = rig.core.takeEvents();
    expect(events.map((e) => e.type)).toContain(EventType.inputRejected);
    expect(events).toContainEqual({ type: EventType.clutchReleased, data: { reason: "jump" } });
    const after = rig.step({ pos: [0.3, 1, -0.05], grip: true });
    expect(after.command.movement).toBe(true);
    expectClose(after.command.action, [0, 0, 0, 0, 0, 0, 0]);
  });

  test("a reference-space reset releases the clutch for one tick, then motion starts from new origins", () => {
    const rig = engaged();
    rig.step({ pos: [0, 1, -0.05], grip: true });
    rig.core.referenceReset();
    const out = rig.step({ pos: [0.05, 1, -0.05], grip: true });
    expect(out.command.movement).toBe(false);
    expect(rig.core.takeEvents()).toContainEqual({
      type: EventType.clutchReleased,
      data: { reason: "referenceReset" },
    });
    const next = rig.step({ pos: [0.05, 1, -0.05], grip: true });
    expect(next.command.movement).toBe(true);
    expectClose(next.command.action, [0, 0, 0, 0, 0, 0, 0]);
    expectClose(
      rig.step({ pos: [0.05, 1, -0.1], grip: true }).command.action.slice(0, 3),
      [0.25, 0, 0],
    );
  });

  test("a degenerate orientation is rejected and counted; one event per run of rejections", () => {
    const rig = engaged();
    const bad = rig.vrMsg({ pos: [0, 1, 0], grip: true, orientation: [0, 0, 0, 0] });
    expect(rig.core.offerVr(bad, rig.t)).toBe(false);
    rig.core.rejectInput("vr", "malformed", "malformed msgpack");
    expect(rig.counters.get("vrRejected")).toBe(2);
    expect(rig.eventTypes().filter((t) => t === EventType.inputRejected)).toHaveLength(1);
    rig.step({ pos: [0, 1, 0], grip: true });
    rig.core.rejectInput("vr", "nonfinite", "non-finite number at /right/pose/position/0");
    expect(rig.eventTypes()).toContain(EventType.inputRejected);
  });

  test("a robot state with a degenerate orientation is rejected", () => {
    const rig = new Rig();
    const bad = {
      ...rig.robotMsg(),
      pose: { position: [0.4, 0, 0.3] as Vec3, orientation: [0, 0, 0, 0] as Quat },
    };
    expect(rig.core.offerRobot(bad, rig.t)).toBe(false);
    expect(rig.counters.get("robotRejected")).toBe(1);
    expect(rig.core.tick(rig.t, 20).status.mode).toBe("idle");
  });
});

describe("options", () => {
  test("the left controller when asked", () => {
    const rig = new Rig({ hand: "left" });
    const msg = rig.vrMsg({ pos: [0, 1, 0], grip: true });
    rig.core.offerVr({ ...msg, left: msg.right, right: undefined }, rig.t);
    rig.core.offerRobot(rig.robotMsg(), rig.t);
    expect(rig.core.tick(rig.t + 1, 20).command.movement).toBe(true);
    expect(rig.core.calibration.record?.hand).toBe("left");
  });

  test("delta orientation mode moves the target orientation by rot_vel x max_rot_delta", () => {
    const rig = engaged({ orientationMode: "delta" });
    // 0.2 rad about VR up = robot +Z: rot_vel 0.4 -> 0.06 rad about Z applied to DOWN.
    const out = rig.step({
      pos: [0, 1, 0],
      grip: true,
      orientation: [0, Math.sin(0.1), 0, Math.cos(0.1)],
    });
    expectClose(out.command.action.slice(3, 6), [0, 0, 0.4]);
    expectClose(out.command.target.orientation, [Math.cos(0.03), Math.sin(0.03), 0, 0]);
  });

  test("dead zone: a 0.4 mm step gives no action, a 2 mm step does", () => {
    const rig = engaged({ deadZoneM: 0.0005 });
    expectClose(
      rig.step({ pos: [0, 1, -0.0004], grip: true }).command.action.slice(0, 3),
      [0, 0, 0],
    );
    expectClose(
      rig.step({ pos: [0, 1, -0.002], grip: true }).command.action.slice(0, 3),
      [0.01, 0, 0],
    );
  });
});

describe("takeover (hot standby)", () => {
  test("the stored calibration replaces the standby's own; its pending reset is dropped; the target starts at the measured arm pose", () => {
    const active = new Rig();
    active.step({ pos: [0.1, 1.2, 0] });
    active.step({ pos: [0.1, 1.2, 0], grip: true });
    const stored = active.core.calibration.record!;

    const standby = new Rig({ resetOnCalibrate: true });
    standby.step({ pos: [0, 1, 0] });
    // The standby saw the press itself: its own calibration and a reset request are pending.
    standby.core.offerVr(standby.vrMsg({ pos: [0, 1, 0], grip: true }), standby.t + 1);
    expect(standby.core.calibration.record?.g).not.toEqual(stored.g);
    expect(standby.core.takeOver(stored)).toBeUndefined();
    expect(standby.core.calibration.record).toEqual(stored);
    expect(standby.core.takeCalibrationChange()).toBeUndefined();

    standby.robotPos = [0.5, 0.1, 0.25];
    const first = standby.step({ pos: [0, 1, 0], grip: true });
    expect(first.command.reset).toBe(false);
    expect(first.command.movement).toBe(true);
    expectClose(first.command.action, [0, 0, 0, 0, 0, 0, 0]);
    expectClose(first.command.target.position, [0.5, 0.1, 0.25]);
    // 10 cm toward VR -Z is +X: action = gain 5 x 0.1 m, target + 0.5 x max delta 0.075 m.
    const moved = standby.step({ pos: [0, 1, -0.1], grip: true });
    expectClose(moved.command.action.slice(0, 3), [0.5, 0, 0]);
    expectClose(moved.command.target.position, [0.5375, 0.1, 0.25]);
  });

  test("in predictive mode the takeover moves from the last measured pose, not the standby's own last target", () => {
    const rig = engaged();
    // The standby's own (unpublished) target ran ahead: 0.4 + 0.5 x 0.075 = 0.4375.
    expectClose(
      rig.step({ pos: [0, 1, -0.1], grip: true }).command.target.position,
      [0.4375, 0, 0.3],
    );
    for (let i = 0; i < 3; i++) rig.step({ pos: [0, 1, -0.1], grip: true }, false);
    expect(rig.core.takeOver(rig.core.calibration.record)).toBeUndefined();
    const out = rig.step({ pos: [0, 1, -0.1], grip: true }, false);
    expect(out.status.mode).toBe("predictive");
    expect(out.command.movement).toBe(true);
    expectClose(out.command.target.position, [0.4, 0, 0.3]);
    expectClose(out.command.action, [0, 0, 0, 0, 0, 0, 0]);
  });

  test("the standby's own reset hold is dropped; a home procedure the bridge announced holds until it is done", () => {
    const rig = new Rig({ resetOnCalibrate: true });
    rig.step({ pos: [0, 1, 0] });
    // The standby's own (unpublished) reset after its own calibration: it would hold for 10 s.
    expect(rig.step({ pos: [0, 1, 0], grip: true }).command.reset).toBe(true);
    expect(rig.step().command.movement).toBe(false);
    rig.core.takeOver(rig.core.calibration.record);
    expect(rig.step().command.movement).toBe(true);

    rig.core.resetStarted(rig.t);
    rig.core.takeOver(rig.core.calibration.record);
    expect(rig.step().command.movement).toBe(false);
    rig.core.resetDone();
    expect(rig.step().command.movement).toBe(true);
  });

  test("nothing stored: the standby's own calibration is dropped and it waits for a press", () => {
    const rig = engaged();
    expect(rig.core.takeOver(undefined)).toBeUndefined();
    const out = rig.step({ pos: [0, 1, 0], grip: true });
    expect(out.status.calibrated).toBe(false);
    expect(out.command.movement).toBe(false);
  });

  test("a stored calibration for the other hand is refused and reported", () => {
    const left = new Rig({ hand: "left" });
    expect(left.core.takeOver(engaged().core.calibration.record)).toBe(
      "stored for the right controller",
    );
  });
});
