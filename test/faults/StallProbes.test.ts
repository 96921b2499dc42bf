import { expect, test } from "bun:test";
import { now } from "@teleop/shared/clock";
import { spawnSync } from "bun";
import { StallProbes } from "./StallProbes";

const root = process.getuid?.() === 0;

test.skipIf(!root)("a probe sees a CPU taken from it by a higher real-time thread", async () => {
  const probes = await StallProbes.start({ kind: "fifo", priority: 10 });
  try {
    await Bun.sleep(200);
    const from = now();
    // A FIFO 99 busy loop on CPU 0 for 60 ms: the probe pinned there (FIFO 11) cannot run.
    const hog = spawnSync([
      "taskset",
      "-c",
      "0",
      "chrt",
      "-f",
      "99",
      "bun",
      "-e",
      "const end = Date.now() + 60; while (Date.now() < end);",
    ]);
    expect(hog.exitCode).toBe(0);
    const to = now();
    await Bun.sleep(100);
    const stalls = await probes.stop();
    const seen = stalls.filter((s) => s.at >= from - 5 && s.at + s.ms <= to + 5);
    expect(Math.max(0, ...seen.map((s) => s.ms))).toBeGreaterThanOrEqual(55);
  } finally {
    await probes.stop();
  }
});
