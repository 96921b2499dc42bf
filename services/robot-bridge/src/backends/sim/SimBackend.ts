/**
 * The `sim` backend: a simulated FR3 behind the seed robot server's latency
 * model. Each command runs `steps` physics steps; each step costs `stepMs`
 * of wall time plus up to `jitterMs` of seeded random jitter, and advances
 * the arm by `physicsStepMs` of simulated time (so stepMs = 0 gives a fast
 * simulation that still moves the arm). A state read costs one step. The
 * world around the arm (the cube) advances with every step and is handed to
 * `onScene` after every call, so it comes at the state rate.
 */
import type { SceneState } from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import { fr3ForwardKinematics } from "@teleop/shared/fr3";
import type { RobotCommand } from "@teleop/shared/messages";
import { mulberry32 } from "@teleop/shared/prng";
import type { BackendState, RobotBackend } from "../../RobotBackend";
import { type FaultRule, faultAt } from "./faults";
import { SimArm } from "./SimArm";
import { SimWorld } from "./SimWorld";

export interface SimOptions {
  steps: number;
  stepMs: number;
  physicsStepMs: number;
  jitterMs: number;
  seed: number;
  faults: FaultRule[];
  /** The simulated world after each call (published on teleop.sim.scene). */
  onScene?: (scene: SceneState) => void;
}

/** A gripper command above this closes the hand. */
const CLOSED = 0.5;

export class SimBackend implements RobotBackend {
  readonly name = "sim";
  private readonly arm = new SimArm();
  readonly world = new SimWorld();
  private closing = false;
  private sceneSeq = 0;
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
      this.closing = command.gripper > CLOSED;
      for (let i = 0; i < this.o.steps; i++) {
        await this.step();
        const width = this.arm.width;
        this.arm.stepToward(command.target, command.gripper, dt);
        this.stepWorld(width, dt);
      }
      return this.measure();
    });
  }

  readState(): Promise<BackendState> {
    return this.call(async () => {
      await this.step();
      this.arm.hold();
      this.stepWorld(this.arm.width, this.o.physicsStepMs / 1000);
      return this.measure();
    });
  }

  reset(): Promise<BackendState> {
    return this.call(async () => {
      const dt = this.o.physicsStepMs / 1000;
      let steps = 0;
      let home = false;
      this.closing = false;
      // At least one command's worth of steps, like any other request.
      while (!home || steps < this.o.steps) {
        await this.step();
        const width = this.arm.width;
        home = this.arm.stepHome(dt);
        this.stepWorld(width, dt);
        steps++;
      }
      this.arm.hold();
      return this.measure();
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
    return {
      simCalls: this.calls,
      simStepMs: this.o.stepMs,
      simSteps: this.o.steps,
      cube: this.world.cube.position,
      cubeGrasped: this.world.grasped,
    };
  }

  private stepWorld(widthBefore: number, dt: number): void {
    const tcp = fr3ForwardKinematics(this.arm.q);
    this.arm.width = this.world.step(tcp, widthBefore, this.arm.width, this.closing, dt);
  }

  private measure(): BackendState {
    const t = now();
    this.o.onScene?.(this.world.scene(this.sceneSeq++, t));
    return this.arm.measure(t);
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
