/**
 * Publisher of `make bench-wakeups`: VrState messages at argv[4] a second on
 * argv[3] (NATS at argv[2]), either each on its own ("even") or gathered into
 * 40 bursts a second, one socket write each ("burst").
 */
import { sampleState } from "../services/vr-ingest/src/sources/replay/recordingFixture";
import { testBus } from "../test/support/bus";

const [url, subject, rateArg, mode] = process.argv.slice(2) as [string, string, string, string];
const rate = Number(rateArg);
const bus = await testBus(url, "wakeup-publisher", "bench");
const t0 = Date.now();
const start = performance.now();
const ticksPerSecond = mode === "burst" ? 40 : rate;
let sent = 0;
let tick = 0;
const step = () => {
  tick++;
  const target = Math.round((tick * rate) / ticksPerSecond);
  while (sent < target) bus.publish(subject, sampleState(sent++, t0));
  setTimeout(step, Math.max(0, start + (tick * 1000) / ticksPerSecond - performance.now()));
};
step();
