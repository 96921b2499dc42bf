/**
 * Publisher of `make bench-wakeups`: VrState messages at argv[4] a second on
 * argv[3] (NATS at argv[2]), either each on its own ("even") or gathered into
 * 40 bursts a second, one socket write each ("burst").
 */
import { FixedRateLoop } from "@teleop/shared/loop";
import { sampleState } from "../services/vr-ingest/src/sources/replay/recordingFixture";
import { testBus } from "../test/support/bus";

const [url, subject, rateArg, mode] = process.argv.slice(2) as [string, string, string, string];
const rate = Number(rateArg);
const bus = await testBus(url, "wakeup-publisher", "bench");
const t0 = Date.now();
const ticksPerSecond = mode === "burst" ? 40 : rate;
let sent = 0;
new FixedRateLoop({
  name: "publish",
  hz: ticksPerSecond,
  onTick: ({ index }) => {
    const target = Math.round(((index + 1) * rate) / ticksPerSecond);
    while (sent < target) bus.publish(subject, sampleState(sent++, t0));
  },
}).start();
