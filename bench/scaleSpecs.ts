/** Options of `make bench-scale` (environment variable or flag). */
import { num, numList, str } from "@teleop/shared/config";

export const scaleSpecs = {
  seconds: num({
    env: "BENCH_SCALE_SECONDS",
    flag: "--seconds",
    default: 10,
    min: 2,
    max: 600,
    help: "measured seconds per combination",
  }),
  hz: numList({
    env: "BENCH_SCALE_HZ",
    flag: "--hz",
    default: [40, 200, 500, 1000],
    help: "control rates to try (CONTROL_HZ)",
  }),
  rigs: numList({
    env: "BENCH_SCALE_RIGS",
    flag: "--rigs",
    default: [1, 4, 8],
    integer: true,
    help: "numbers of rigs (distinct TELEOP_PREFIX) on one nats-server",
  }),
  resultsDir: str({
    env: "BENCH_RESULTS_DIR",
    default: "bench/results",
    help: "where scale.json and the recordings go",
  }),
};
