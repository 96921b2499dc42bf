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

test("beforeCpuPercent is the CPU a process spent before the window, apart from the window's", async () => {
  // A child that spins for its first 0.6 s, then idles.
  const child = Bun.spawn(
    [
      "bun",
      "-e",
      "const end = performance.now() + 600; while (performance.now() < end) {} setTimeout(() => {}, 10000);",
    ],
    { stdout: "ignore" },
  );
  try {
    await Bun.sleep(1200);
    const monitor = new ProcMonitor({ child: child.pid });
    monitor.start(50);
    await Bun.sleep(500);
    const c = monitor.stop().child!;
    // 0.6 s of spinning (plus start-up) in about 1.2 s of life; the window is idle.
    expect(c.beforeCpuPercent).toBeGreaterThan(30);
    expect(c.beforeCpuPercent).toBeLessThan(100);
    expect(c.cpuPercent).toBeLessThan(10);
  } finally {
    child.kill();
    await child.exited;
  }
});
