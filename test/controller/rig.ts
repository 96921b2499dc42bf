/**
 * The edges around a controller under test: a scripted operator publishing
 * VrState at 50 Hz and a fake arm that publishes RobotState and moves
 * instantly to each commanded target (the real wire format both ways), and
 * what the controllers publish, as the tests collect it.
 */
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Vec3 } from "@teleop/shared/math";
import {
  type ControlStatus,
  ControlStatusMsg,
  EventMsg,
  type Health,
  HealthMsg,
  type RobotCommand,
  RobotCommandMsg,
  type RobotState,
  type TeleopEvent,
  type VrState,
} from "@teleop/shared/messages";

export const HOME: Vec3 = [0.4, 0, 0.3];

/** Publishes the right controller at 50 Hz, moving at `vel`, with grip and joystick as set. */
export class ScriptedOperator {
  pos: Vec3 = [0, 1, 0];
  /** m/s, applied every sample. */
  vel: Vec3 = [0, 0, 0];
  grip = false;
  joystick = false;
  lastT = 0;
  private seq = 0;
  private movedAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly bus: Bus) {}

  start(): void {
    this.movedAt = now();
    this.timer = setInterval(() => this.publish(), 20);
  }

  /** One sample now, moved on by `vel` since the last (for a caller's own schedule). */
  publish(): void {
    const t = now();
    const dt = this.movedAt > 0 ? (t - this.movedAt) / 1000 : 0;
    this.movedAt = t;
    this.pos = this.pos.map((x, i) => x + this.vel[i]! * dt) as Vec3;
    const msg: VrState = {
      v: 1,
      seq: this.seq++,
      t,
      source: "sim",
      right: {
        tracked: true,
        pose: { position: this.pos, orientation: [0, 0, 0, 1] },
        trigger: 0,
        grip: this.grip ? 1 : 0,
        joystick: [0, 0],
        buttons: {
          primary: false,
          secondary: false,
          grip: this.grip,
          trigger: false,
          joystick: this.joystick,
          menu: false,
        },
      },
    };
    this.bus.publish(this.bus.subjects.vrState, msg);
    this.lastT = t;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The arm edge: publishes its pose at 50 Hz, jumps to each target it may move to, reports home after a reset. */
export class FakeArm {
  pos: Vec3 = [...HOME];
  lastT = 0;
  private seq = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly bus: Bus) {}

  apply(c: RobotCommand): void {
    if (c.reset) {
      this.pos = [...HOME];
      this.publish();
      this.bus.event(EventType.resetDone, { commandSeq: c.seq });
    } else if (c.movement) this.pos = [...c.target.position];
  }

  start(): void {
    this.timer = setInterval(() => this.publish(), 20);
  }

  private publish(): void {
    const t = now();
    const msg: RobotState = {
      v: 1,
      seq: this.seq++,
      t,
      pose: { position: this.pos, orientation: [1, 0, 0, 0] },
      gripper: 0,
      joints: null,
      commandSeq: null,
      rttMs: null,
      backend: "test",
    };
    this.bus.publish(this.bus.subjects.robotState, msg);
    this.lastT = t;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** What the controllers publish: commands (each also applied to the fake arm), status, events, health. */
export class ControllerWatch {
  readonly commands: RobotCommand[] = [];
  readonly statuses: ControlStatus[] = [];
  readonly events: TeleopEvent[] = [];
  readonly health: Health[] = [];
  /** Commands and statuses that failed their message check. */
  invalid = 0;

  /** Subscribes on `bus` and returns once the server has the subscriptions. */
  async start(bus: Bus, arm: FakeArm): Promise<void> {
    const s = bus.subjects;
    bus.subscribe(
      s.robotCommand,
      RobotCommandMsg,
      (c) => {
        this.commands.push(c);
        arm.apply(c);
      },
      () => this.invalid++,
    );
    bus.subscribe(
      s.controlStatus,
      ControlStatusMsg,
      (st) => this.statuses.push(st),
      () => this.invalid++,
    );
    bus.subscribe(s.events, EventMsg, (e) => this.events.push(e));
    bus.subscribe(s.health("controller"), HealthMsg, (h) => this.health.push(h));
    await bus.flush();
  }

  /** The newest health of one controller instance, if one came. */
  latestHealth(instance: string): Health | undefined {
    return this.health.findLast((h) => h.instance === instance);
  }
}
