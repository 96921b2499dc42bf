/**
 * What an instance does with its lease and its calibration store around the
 * pure core: every instance computes each tick (a standby stays current), only
 * the lease holder publishes; a takeover adopts the calibration the last
 * active stored; only the active stores calibration changes.
 */

import type { Role } from "@teleop/shared/lease";
import type { Logger } from "@teleop/shared/log";
import type { ControlStatus, RobotCommand } from "@teleop/shared/messages";
import type { Counters } from "@teleop/shared/stats";
import type { Loaded } from "./CalibrationStore";
import type { ControllerCore, CoreEvent } from "./ControllerCore";
import type { CalibrationRecord } from "./calibrationRecord";

export interface CalibrationPort {
  load(): Promise<Loaded>;
  save(record: CalibrationRecord | null): Promise<void>;
}

export interface LeasePort {
  readonly role: Role;
  renew(): Promise<unknown>;
  mayPublish(t?: number): boolean;
  published(t: number): void;
}

export interface PolicyOptions {
  core: ControllerCore;
  /** Undefined without JetStream: calibration then lives only in this process. */
  store: CalibrationPort | undefined;
  lease: () => LeasePort;
  publish(command: RobotCommand, status: ControlStatus, events: CoreEvent[]): void;
  clock: () => number;
  counters: Counters;
  log: Logger;
}

export class ControllerPolicy {
  private last: ControlStatus | undefined;

  constructor(private readonly o: PolicyOptions) {}

  /** The status of the last tick (health detail). */
  get lastStatus(): ControlStatus | undefined {
    return this.last;
  }

  /** One control step at `achievedHz`; publishes only while the lease allows it. */
  async tick(achievedHz: number): Promise<void> {
    const lease = this.o.lease();
    // The commands keep the lease alive; only after a gap is the key written, before publishing.
    if (!lease.mayPublish()) await lease.renew();
    const t = this.o.clock();
    const { command, status } = this.o.core.tick(t, achievedHz);
    const events = this.o.core.takeEvents();
    this.last = status;
    if (lease.mayPublish(t)) {
      this.o.publish(command, status, events);
      lease.published(t);
    } else if (lease.role === "active") this.o.counters.inc("ticksWithoutLease");
    this.persist(this.o.core.takeCalibrationChange()).catch((err: unknown) => {
      this.o.counters.inc("kvErrors");
      this.o.log.warn("could not store the calibration", { error: err });
    });
  }

  /** Taking over: the calibration the last active stored, new origins, nothing of our own standby state. */
  async prepareTakeover(): Promise<void> {
    const { core, store, counters, log } = this.o;
    let stored: CalibrationRecord | undefined;
    try {
      const loaded: Loaded = store ? await store.load() : { found: false };
      if (loaded.found && !("record" in loaded)) throw new Error(loaded.error);
      stored = loaded.found ? loaded.record : undefined;
    } catch (err) {
      counters.inc("kvErrors");
      log.warn("takeover: stored calibration unreadable; keeping this instance's", { error: err });
      core.takeOver(core.calibration.record);
      return;
    }
    const refused = core.takeOver(stored);
    if (refused) log.warn(`takeover: stored calibration not used: ${refused}`);
  }

  /** Store a calibration change; a standby's own gestures are not stored (the active's counts). */
  persist(change: { record: CalibrationRecord | null } | undefined): Promise<void> {
    if (!change || !this.o.store || this.o.lease().role !== "active") return Promise.resolve();
    return this.o.store.save(change.record);
  }
}
