import { expect, test } from "bun:test";
import { ProcMonitor } from "./ProcMonitor";

test("finalPeaks raises a cost's peak to the process's lifetime peak after the window", async () => {
  // A child that grows by 64 MB after the window has closed.
  const child = Bun.spawn(
    [
      "bun",
      "-e",
      "setTimeout(() => { globalThis.kept = new Uint8Array(64 << 20).fill(1); }, 300); setTimeout(() => {}, 10000);",
    ],
    { stdout: "ignore" },
  );
  try {
    const monitor = new ProcMonitor({ child: child.pid });
    monitor.start(50);
    const costs = monitor.stop();
    const before = costs.child!.peakRssMb;
    expect(before).toBeGreaterThan(0);
    await Bun.sleep(1500);
    monitor.finalPeaks(costs);
    expect(costs.child!.peakRssMb - before).toBeGreaterThan(50);
  } finally {
    child.kill();
    await child.exited;
  }
});
