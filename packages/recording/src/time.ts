/** Time conversions for MCAP (u64 ns) and the message time fields (integer sec + ns). */

export interface RosTime {
  sec: number;
  nanosec: number;
}

export interface FoxgloveTime {
  sec: number;
  nsec: number;
}

function split(ms: number): { sec: number; ns: number } {
  const sec = Math.floor(ms / 1000);
  const ns = Math.min(999_999_999, Math.max(0, Math.round((ms - sec * 1000) * 1e6)));
  return { sec, ns };
}

/** Epoch ms (float) to epoch ns without going through a float beyond 2^53. */
export function epochMsToNs(ms: number): bigint {
  const { sec, ns } = split(ms);
  return BigInt(sec) * 1_000_000_000n + BigInt(ns);
}

export function nsToEpochMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

export function rosTime(ms: number): RosTime {
  const { sec, ns } = split(ms);
  return { sec, nanosec: ns };
}

export function foxgloveTime(ms: number): FoxgloveTime {
  const { sec, ns } = split(ms);
  return { sec, nsec: ns };
}
