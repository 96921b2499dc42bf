/** Text of `teleop hz`: one row per subject. */

import { fixed, renderTable } from "@teleop/shared/table";
import type { HzStats } from "./HzTracker";

export function formatHz(stats: readonly HzStats[], windowMs: number): string {
  if (stats.length === 0) return "no messages yet";
  return renderTable(
    ["SUBJECT", "RATE Hz", "MIN ms", "MAX ms", "STD ms", "AGE ms", `N (${windowMs / 1000}s)`],
    stats.map((s) => [
      s.subject,
      s.hz.toFixed(2),
      fixed(s.minMs, 1),
      fixed(s.maxMs, 1),
      fixed(s.stdMs, 2),
      s.ageMs.toFixed(0),
      String(s.count),
    ]),
  );
}
