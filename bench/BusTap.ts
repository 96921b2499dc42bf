/**
 * The bench's view of the bus: every message of the hot subjects, reduced to
 * the fields the figures need, plus the newest health of each service. It
 * runs in the bench process, outside the services it measures.
 */
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import {
  ControlStatusMsg,
  type Health,
  HealthMsg,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";

export interface CommandRow {
  t: number;
  vrT: number | null;
  mode: string;
  movement: boolean;
  arrival: number;
}

export interface StateRow {
  t: number;
  rttMs: number | null;
  arrival: number;
}

export interface StatusRow {
  t: number;
  mode: string;
}

export class BusTap {
  readonly vr: number[] = [];
  /** Arrival here of each VR sample, by its source time (the controller hears it at about the same time). */
  readonly vrArrival = new Map<number, number>();
  readonly commands: CommandRow[] = [];
  readonly states: StateRow[] = [];
  readonly statuses: StatusRow[] = [];
  readonly health = new Map<string, Health>();

  constructor(bus: Bus) {
    const s = bus.subjects;
    bus.subscribe(s.vrState, VrStateMsg, (m) => {
      this.vr.push(m.t);
      this.vrArrival.set(m.t, now());
    });
    bus.subscribe(s.robotCommand, RobotCommandMsg, (m) =>
      this.commands.push({
        t: m.t,
        vrT: m.vrT,
        mode: m.mode,
        movement: m.movement,
        arrival: now(),
      }),
    );
    bus.subscribe(s.robotState, RobotStateMsg, (m) =>
      this.states.push({ t: m.t, rttMs: m.rttMs, arrival: now() }),
    );
    bus.subscribe(s.controlStatus, ControlStatusMsg, (m) =>
      this.statuses.push({ t: m.t, mode: m.mode }),
    );
    bus.subscribe(s.healthAll, HealthMsg, (h) => this.health.set(h.service, h));
  }
}
