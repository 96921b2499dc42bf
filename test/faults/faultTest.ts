/** One test of the fault suite per fault: run it, keep its row, check it was handled. */
import { test } from "bun:test";
import { expectHandled } from "./expectHandled";
import { type FaultDef, type FaultResult, runFault, saveRow } from "./runFault";

export interface FaultTestOptions {
  timeoutMs?: number;
  /** Keep the result's row for the RELIABILITY.md table (the full suite does; the fast subset does not). */
  save?: boolean;
  /** What this fault promises beyond being handled. */
  check?: (r: FaultResult) => void;
}

export function faultTest(def: FaultDef, o: FaultTestOptions = {}): void {
  test(
    def.name,
    async () => {
      const r = await runFault(def);
      if (o.save ?? true) saveRow(r);
      expectHandled(r, def.recoverOn);
      o.check?.(r);
    },
    { timeout: o.timeoutMs ?? 120_000 },
  );
}
