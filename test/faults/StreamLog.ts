/**
 * Everything the stack says on the bus during a fault run, with arrival
 * times: commands, robot and VR states, control status, events and every
 * service's health. Invalid messages (the suite's own bad input) are
 * rejected by the typed subscriptions and not kept.
 */
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import {
  type ControlStatus,
  ControlStatusMsg,
  EventMsg,
  type Health,
  HealthMsg,
  type RobotCommand,
  RobotCommandMsg,
  type RobotState,
  RobotStateMsg,
  type TeleopEvent,
  type VrState,
  VrStateMsg,
} from "@teleop/shared/messages";

export interface Arrived<T> {
  at: number;
  msg: T;
}

export class StreamLog {
  readonly commands: Arrived<RobotCommand>[] = [];
  readonly robotStates: Arrived<RobotState>[] = [];
  readonly vrStates: Arrived<VrState>[] = [];
  readonly statuses: Arrived<ControlStatus>[] = [];
  readonly events: Arrived<TeleopEvent>[] = [];
  readonly health: Arrived<Health>[] = [];

  constructor(bus: Bus) {
    const s = bus.subjects;
    const keep =
      <T>(list: Arrived<T>[]) =>
      (msg: T) =>
        list.push({ at: now(), msg });
    bus.subscribe(s.robotCommand, RobotCommandMsg, keep(this.commands));
    bus.subscribe(s.robotState, RobotStateMsg, keep(this.robotStates));
    bus.subscribe(s.vrState, VrStateMsg, keep(this.vrStates));
    bus.subscribe(s.controlStatus, ControlStatusMsg, keep(this.statuses));
    bus.subscribe(s.events, EventMsg, keep(this.events));
    bus.subscribe(s.healthAll, HealthMsg, keep(this.health));
  }

  /** The newest health of a service, if any arrived. */
  latestHealth(service: string): Arrived<Health> | undefined {
    for (let i = this.health.length - 1; i >= 0; i--) {
      if (this.health[i]!.msg.service === service) return this.health[i];
    }
    return undefined;
  }

  eventsOf(type: string): Arrived<TeleopEvent>[] {
    return this.events.filter((e) => e.msg.type === type);
  }
}
