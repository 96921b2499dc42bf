/**
 * A light tap for the scaling probe: the `t` of every robot command under
 * one prefix, decoded without contract validation so that thousands of
 * messages a second cost the bench little.
 */
import type { Bus } from "@teleop/shared/bus";
import { decodeAny } from "@teleop/shared/codec";

export class CommandTimes {
  readonly times: number[] = [];
  undecodable = 0;

  constructor(bus: Bus) {
    bus.nc.subscribe(bus.subjects.robotCommand, {
      callback: (err, msg) => {
        if (err) return;
        const r = decodeAny(msg.data);
        const t = r.ok ? (r.value as { t?: unknown }).t : undefined;
        if (typeof t === "number") this.times.push(t);
        else this.undecodable++;
      },
    });
  }
}
