/**
 * Fault injection for the simulated backend, for fault tests: a list like
 * `stall@20:3000,error@40:5,drop@60` where the number after @ is the
 * backend call (apply, readState or reset made while connected; counted
 * from 1 since start):
 *   stall@N:MS   call N hangs MS ms (default 3000) before it proceeds
 *   error@N:K    calls N .. N+K-1 fail with an error (default K = 1)
 *   drop@N       call N fails as a lost connection; calls fail until reconnect
 */
export type Fault = { kind: "stall"; ms: number } | { kind: "error" } | { kind: "drop" };

export interface FaultRule {
  kind: Fault["kind"];
  at: number;
  arg: number;
}

const RULE = /^(stall|error|drop)@(\d+)(?::(\d+))?$/;

/** Parse a SIM_FAULT spec; throws naming the bad item. */
export function parseFaults(spec: string): FaultRule[] {
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((item) => {
      const m = RULE.exec(item);
      if (!m)
        throw new Error(`bad fault "${item}": expected stall@N[:ms], error@N[:count] or drop@N`);
      const kind = m[1] as Fault["kind"];
      const at = Number(m[2]);
      if (at < 1) throw new Error(`bad fault "${item}": calls count from 1`);
      const arg = m[3] !== undefined ? Number(m[3]) : kind === "stall" ? 3000 : 1;
      return { kind, at, arg };
    });
}

/** The fault for backend call number `call`, if any. */
export function faultAt(rules: readonly FaultRule[], call: number): Fault | undefined {
  for (const r of rules) {
    if (r.kind === "stall" && r.at === call) return { kind: "stall", ms: r.arg };
    if (r.kind === "drop" && r.at === call) return { kind: "drop" };
    if (r.kind === "error" && call >= r.at && call < r.at + r.arg) return { kind: "error" };
  }
  return undefined;
}
