/**
 * Only the active controller drives: a command whose `instance` is not the
 * controller lease holder is dropped before it reaches the keep-latest slot
 * (there it could overwrite the active controller's command, or queue a
 * reset), counted as `rejectedNotActive` and logged once per intruder.
 * Without KV (JetStream off) there is no lease and every command passes.
 */
import type { Bus } from "@teleop/shared/bus";
import { LeaseWatch } from "@teleop/shared/LeaseWatch";
import { commandFromHolder, type LeaseView } from "@teleop/shared/lease";
import type { Logger } from "@teleop/shared/log";
import type { RobotCommand } from "@teleop/shared/messages";
import type { Counters } from "@teleop/shared/stats";

export class LeaseGate {
  private lastRefused: string | undefined;

  private constructor(
    private readonly lease: LeaseWatch | undefined,
    private readonly counters: Counters,
    private readonly log: Logger,
  ) {}

  static async open(bus: Bus, counters: Counters, log: Logger): Promise<LeaseGate> {
    try {
      return new LeaseGate(await LeaseWatch.open(bus), counters, log);
    } catch (err) {
      log.warn(
        "controller lease KV unavailable (is JetStream on?): commands from any controller are applied; run only one",
        { error: err },
      );
      return new LeaseGate(undefined, counters, log);
    }
  }

  get view(): LeaseView {
    return this.lease?.current ?? { state: "off" };
  }

  admit(cmd: RobotCommand): boolean {
    const view = this.view;
    if (commandFromHolder(cmd.instance, view)) return true;
    this.counters.inc("rejectedNotActive");
    if (cmd.instance !== this.lastRefused) {
      this.lastRefused = cmd.instance;
      this.log.warn("dropping commands from a controller that does not hold the lease", {
        from: cmd.instance ?? null,
        holder: view.state === "held" ? view.instance : null,
      });
    }
    return false;
  }

  stop(): void {
    this.lease?.stop();
  }
}
