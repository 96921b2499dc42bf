/** Options of `make bench` (environment variable or flag). */
import { bool, num, oneOf, str } from "@teleop/shared/config";
import { SCENARIO_NAMES } from "./scenarios";

export const benchSpecs = {
  seconds: num({
    env: "BENCH_SECONDS",
    flag: "--seconds",
    default: 30,
    min: 3,
    max: 3600,
    help: "how long the stack is measured, and then the baseline, seconds",
  }),
  warmup: num({
    env: "BENCH_WARMUP",
    flag: "--warmup",
    default: 30,
    min: 0,
    max: 3600,
    help: "seconds the stack runs before it is measured (services up, the operator calibrates, the arm goes home, the JIT compiles the hot code: the services' CPU settles 25-30 s after their start); the CPU they spent until then is reported apart",
  }),
  scenario: oneOf({
    env: "BENCH_SCENARIO",
    flag: "--scenario",
    default: "rtt150",
    values: SCENARIO_NAMES,
    help: "robot: rtt150 (seed's 3 x 50 ms), rtt500, or stall (silent 3 s mid-run); viewer-stall: rtt150 with the Foxglove live view, a 30 Hz camera and a viewer that never reads; cameras: rtt150 without, then with two 640x480 30 fps cameras",
  }),
  busy: bool({
    env: "BENCH_BUSY",
    flag: "--busy",
    default: false,
    help: "keep one core busy with a spinning process during the run",
  }),
  baseline: bool({
    env: "BENCH_BASELINE",
    flag: "--baseline",
    default: true,
    help: "also run the sequential baseline (--no-baseline skips it)",
  }),
  nice: num({
    env: "BENCH_NICE",
    flag: "--nice",
    default: 0,
    min: -20,
    max: 19,
    integer: true,
    help: "run the stack's processes (services, nats-server) at this nice value; below 0 needs root",
  }),
  resultsDir: str({
    env: "BENCH_RESULTS_DIR",
    default: "bench/results",
    help: "where latest.json and the recordings go",
  }),
};
