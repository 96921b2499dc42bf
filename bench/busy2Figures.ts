/** The busy2 table (both cores saturated, REALTIME off and on): one row per run and loop. */
import type { StackResult } from "./stackPhase";

export interface Busy2Run {
  realtime: string;
  stack: StackResult;
}

export const BUSY2_HEADER = [
  "REALTIME",
  "loop",
  "Hz (grid)",
  "missed",
  "period err p50 ms",
  "p99 ms",
  "max ms",
];

const ms = (x: number | undefined) => (x === undefined ? "-" : x.toFixed(2));

export function busy2Rows(runs: readonly Busy2Run[]): string[][] {
  return runs.flatMap(({ realtime, stack }) =>
    (["recording", "control"] as const).map((loop) => {
      const p = stack[loop];
      return [
        realtime,
        loop,
        p.gridHz.toFixed(2),
        String(p.missed),
        ms(p.periodErrorMs.p50),
        ms(p.periodErrorMs.p99),
        ms(p.periodErrorMs.max),
      ];
    }),
  );
}
