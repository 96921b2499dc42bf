/**
 * The `sim` backend: a simulated FR3 behind the seed robot server's latency
 * model. Each command runs `steps` physics steps; each step costs `stepMs`
 * of wall time plus up to `jitterMs` of seeded random jitter, and advances
 * the arm by `physicsStepMs` of simulated time (so stepMs = 0 gives a fast
 * simulation that still moves the arm). A state read costs one step.
 */
import { now } from "@teleop/shared/clock";
import type { RobotCommand } from "@teleop/shared/messages";
import { mulberry32 } from "@teleop/shared/prng";
import type { BackendState, RobotBackend } from "../../RobotBackend";
import { type FaultRule, faultAt } from "./faults";
import { SimArm } from "./SimArm";

export interface SimOptions {
  steps: number;
  stepMs: number;
  physicsStepMs: number;
  jitterMs: number;
  seed: number;
  faults: FaultRule[];
}

export class SimBackend implements RobotBackend {
  readonly name = "sim";
  private readonly arm = new SimArm();
  private readonly random: () => number;
  private connected = false;
  private calls = 0;
  private readonly waits = new Set<{
    timer: ReturnType<typeof setTimeout>;
    reject(e: Error): void;
  }>();

  constructor(private readonly o: SimOptions) {
    this.random = mulberry32(o.seed);
  }

  async connect(): Promise<void> {
    this.connected = true;
  }

  apply(command: RobotCommand): Promise<BackendState> {
    return this.call(async () => {
      const dt = this.o.physicsStepMs / 1000;
      for (let i = 0; i < this.o.steps; i++) {
        await this.step();
        this.arm.stepToward(command.target, command.gripper, dt);
      }
      return this.arm.measure(now());
    });
  }

  readState(): Promise<BackendState> {
    return this.call(async () => {
      await this.step();
      this.arm.hold();
      return this.arm.measure(now());
    });
  }

  reset(): Promise<BackendState> {
    return this.call(async () => {
      const dt = this.o.physicsStepMs / 1000;
      let steps = 0;
      let home = false;
      // At least one command's worth of steps, like any other request.
      while (!home || steps < this.o.steps) {
        await this.step();
        home = this.arm.stepHome(dt);
        steps++;
      }
      this.arm.hold();
      return this.arm.measure(now());
    });
  }

  async close(): Promise<void> {
    this.connected = false;
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.reject(new Error("sim backend closed"));
    }
    this.waits.clear();
  }

  detail(): Record<string, unknown> {
    return { simCalls: this.calls, simStepMs: this.o.stepMs, simSteps: this.o.steps };
  }

  private async call(body: () => Promise<BackendState>): Promise<BackendState> {
    if (!this.connected) throw new Error("sim backend is not connected");
    const fault = faultAt(this.o.faults, ++this.calls);
    if (fault?.kind === "error") throw new Error(`simulated backend error (call ${this.calls})`);
    if (fault?.kind === "drop") {
      this.connected = false;
      throw new Error(`simulated connection drop (call ${this.calls})`);
    }
    if (fault?.kind === "stall") await this.wait(fault.ms);
    return body();
  }

  private step(): Promise<void> {
    return this.wait(this.o.stepMs + this.random() * this.o.jitterMs);
  }

  /** A sleep that close() cancels, so a stalled call ends when the worker gives up on it. */
  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = {
        timer: setTimeout(() => {
          this.waits.delete(w);
          resolve();
        }, ms),
        reject,
      };
      this.waits.add(w);
    });
  }
}
