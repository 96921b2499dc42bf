/**
 * One CPU's stall probe (argv: cpu, REALTIME policy, threshold ms): pinned to
 * the CPU, at a real-time priority above the recorder's, it wakes every
 * millisecond and prints each wake-up gap longer than the threshold as a JSON
 * line. A gap means nothing at that priority could run on that CPU (this VM
 * pauses a vCPU for ~30 ms every few minutes); its work is too small to delay
 * the recorder.
 */

import { now } from "@teleop/shared/clock";
import { applyRealtime, parseRealtime } from "@teleop/shared/realtime";
import { spawnSync } from "bun";

const [cpu, policy, threshold] = process.argv.slice(2);
if (cpu === undefined || policy === undefined || threshold === undefined) {
  process.stdout.write(
    "usage: stallProbeMain.ts CPU REALTIME THRESHOLD_MS (StallProbes starts it)\n",
  );
  process.exit(2);
}
const thresholdMs = Number(threshold);

const pin = spawnSync(["taskset", "-a", "-p", "-c", cpu, String(process.pid)], {
  stdout: "ignore",
  stderr: "pipe",
});
const rt = applyRealtime(parseRealtime(policy));
if (pin.exitCode !== 0 || !rt.ok) {
  const why = pin.exitCode !== 0 ? `taskset: ${pin.stderr.toString().trim()}` : rt.detail;
  process.stdout.write(`refused: ${why}\n`);
  process.exit(1);
}
process.stdout.write(`ready on cpu ${cpu} (${rt.detail})\n`);

let last = now();
const wake = () => {
  const t = now();
  if (t - last > thresholdMs)
    process.stdout.write(`${JSON.stringify({ at: last, ms: t - last })}\n`);
  last = t;
  setTimeout(wake, 1);
};
setTimeout(wake, 1);
process.on("SIGTERM", () => process.exit(0));
