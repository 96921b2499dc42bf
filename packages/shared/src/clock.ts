/**
 * Wall-clock time in epoch milliseconds with sub-millisecond resolution.
 * Built from performance.timeOrigin so it is comparable across processes
 * (Bun's process.hrtime counts from each process's own start).
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
