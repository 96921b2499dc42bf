/**
 * The platform's floor: an empty 40 Hz FixedRateLoop in its own Bun process
 * for argv[2] seconds, run beside the stack. Its period error is what timers
 * and the scheduler alone cost on this machine at that moment; it prints
 * the loop's report as one JSON line. Started argv[3] seconds ahead of the
 * window (default 0), it waits that long first, so the bench measures the
 * process's CPU in the window without its start-up: the runtime's floor for
 * one process waking at 40 Hz.
 */
import { RECORD_HZ } from "@teleop/shared/control";
import { FixedRateLoop } from "@teleop/shared/loop";

const seconds = Number(process.argv[2] ?? "10");
await Bun.sleep(Number(process.argv[3] ?? "0") * 1000);
const loop = new FixedRateLoop({
  name: "floor",
  hz: RECORD_HZ,
  window: Math.ceil(seconds * RECORD_HZ) + 10,
  onTick: () => undefined,
});
loop.start();
await Bun.sleep(seconds * 1000);
await loop.stop();
process.stdout.write(`${JSON.stringify(loop.report())}\n`);
process.exit(0);
