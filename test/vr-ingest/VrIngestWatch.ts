/** What vr-ingest publishes, as a test collects it: its states (with arrival times), events and health. */
import type { Bus } from "@teleop/shared/bus";
import { EventType } from "@teleop/shared/events";
import {
  EventMsg,
  type Health,
  HealthMsg,
  type TeleopEvent,
  type VrState,
  VrStateMsg,
} from "@teleop/shared/messages";

export class VrIngestWatch {
  readonly states: VrState[] = [];
  /** performance.now() when each of `states` arrived. */
  readonly arrivals: number[] = [];
  readonly events: TeleopEvent[] = [];
  readonly health: Health[] = [];

  /** Subscribes on `bus` and returns once the server has the subscriptions. */
  async start(bus: Bus): Promise<this> {
    bus.subscribe(bus.subjects.vrState, VrStateMsg, (s) => {
      this.states.push(s);
      this.arrivals.push(performance.now());
    });
    bus.subscribe(bus.subjects.events, EventMsg, (e) => this.events.push(e));
    bus.subscribe(bus.subjects.health("vr-ingest"), HealthMsg, (h) => this.health.push(h));
    await bus.flush();
    return this;
  }

  /** The data of every button event, in order. */
  buttonEdges(): unknown[] {
    return this.events.filter((e) => e.type === EventType.button).map((e) => e.data);
  }

  /** The last health report, if one came. */
  get latestHealth(): Health | undefined {
    return this.health.at(-1);
  }
}

/** A right-hand button event's data as vr-ingest publishes it. */
export const rightEdge = (source: string, button: string, pressed: boolean) => ({
  source,
  hand: "right",
  button,
  pressed,
});
