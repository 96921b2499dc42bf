/** Registry entry of the `sim` backend: its options and factory. */

import { num, str } from "@teleop/shared/config";
import { SEED_ROBOT_STEP_MS, SEED_ROBOT_STEPS } from "@teleop/shared/control";
import type { BackendEntry } from "../../RobotBackend";
import { parseFaults } from "./faults";
import { SimBackend } from "./SimBackend";

const FAULT_ITEM = "(stall|error|drop)@\\d+(:\\d+)?";

const simSpecs = {
  simSteps: num({
    env: "SIM_STEPS",
    default: SEED_ROBOT_STEPS,
    min: 1,
    max: 100,
    integer: true,
    help: "physics steps per command (the seed server runs 3)",
  }),
  simStepMs: num({
    env: "SIM_STEP_MS",
    default: SEED_ROBOT_STEP_MS,
    min: 0,
    max: 10_000,
    help: "wall time per step, ms (0 = as fast as possible)",
  }),
  simPhysicsStepMs: num({
    env: "SIM_PHYSICS_STEP_MS",
    default: SEED_ROBOT_STEP_MS,
    min: 1,
    max: 1000,
    help: "simulated time each step advances the arm, ms",
  }),
  simJitterMs: num({
    env: "SIM_JITTER_MS",
    default: 0,
    min: 0,
    max: 10_000,
    help: "extra random wall time per step, uniform in [0, this], ms",
  }),
  simSeed: num({
    // Not SIM_SEED: vr-ingest's scripted operator uses that name, and `teleop run` passes env to all.
    env: "SIM_JITTER_SEED",
    default: 1,
    integer: true,
    help: "seed of the simulated arm's latency jitter",
  }),
  simFault: str({
    env: "SIM_FAULT",
    default: "",
    pattern: new RegExp(`^(${FAULT_ITEM}(,${FAULT_ITEM})*)?$`),
    help: "injected faults, e.g. stall@20:3000,error@40:5,drop@60 (N = backend call number)",
  }),
};

export const simBackend: BackendEntry<typeof simSpecs> = {
  name: "sim",
  specs: simSpecs,
  create: (c, ctx) =>
    new SimBackend({
      steps: c.simSteps,
      stepMs: c.simStepMs,
      physicsStepMs: c.simPhysicsStepMs,
      jitterMs: c.simJitterMs,
      seed: c.simSeed,
      faults: parseFaults(c.simFault),
      onScene: ctx.publishScene,
    }),
};
