/** The scripted operator on a fixed-rate loop: one frame per tick, stamped with the tick's due time. */

import type { Logger } from "@teleop/shared/log";
import { FixedRateLoop } from "@teleop/shared/loop";
import type { VrSink, VrSource } from "../../VrSource";
import type { Operator } from "./Operator";

export class SimSource implements VrSource {
  readonly name = "sim" as const;
  private readonly loop: FixedRateLoop;
  private sink: VrSink | undefined;
  private startedAt = 0;
  private phase = "not started";
  private laps = 0;

  constructor(
    private readonly operator: Operator,
    private readonly hz: number,
    private readonly seed: number,
    private readonly log: Logger,
    onLoop: (loop: FixedRateLoop) => void,
  ) {
    this.loop = new FixedRateLoop({
      name: "sim",
      hz,
      onTick: (tick) => {
        if (tick.index === 0) this.startedAt = tick.scheduled;
        const t = (tick.scheduled - this.startedAt) / 1000;
        const sample = this.operator.sample(t);
        this.laps = Math.floor(t / this.operator.scenario.durationS);
        if (sample.phase !== this.phase) {
          this.log.info("scenario phase", { phase: sample.phase, t: Math.round(t * 10) / 10 });
          this.phase = sample.phase;
        }
        this.sink?.frame({ t: tick.scheduled, right: sample.right, left: sample.left });
      },
      onError: (err) => this.log.error("sim tick failed", { error: err }),
    });
    onLoop(this.loop);
  }

  async start(sink: VrSink): Promise<void> {
    this.sink = sink;
    this.loop.start();
    this.log.info("scripted operator", {
      scenario: this.operator.scenario.name,
      durationS: Math.round(this.operator.scenario.durationS * 10) / 10,
      hz: this.hz,
      seed: this.seed,
    });
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  detail(): Record<string, unknown> {
    return {
      scenario: this.operator.scenario.name,
      // The recorder labels episodes started without a task with this one.
      task: this.operator.scenario.task,
      phase: this.phase,
      laps: this.laps,
      seed: this.seed,
      simHz: this.hz,
    };
  }
}
