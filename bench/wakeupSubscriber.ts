/**
 * Subscriber of `make bench-wakeups`: what a service that samples a stream
 * does (a keep-latest slot read by a 40 Hz loop), with the services' runtime
 * environment. Prints how many ticks found a new message, every second.
 */
import { FixedRateLoop } from "@teleop/shared/loop";
import { VrStateMsg } from "@teleop/shared/messages";
import { testBus } from "../test/support/bus";

const [url, subject] = process.argv.slice(2) as [string, string];
const bus = await testBus(url, "wakeup-subscriber", "bench");
const slot = bus.latest(subject, VrStateMsg);
let fresh = 0;
let lastSeq: number | undefined;
new FixedRateLoop({
  name: "sample",
  hz: 40,
  onTick: () => {
    const seq = slot.seq;
    if (seq !== undefined && seq !== lastSeq) fresh++;
    lastSeq = seq;
  },
}).start();
setInterval(() => process.stdout.write(`fresh ${fresh}\n`), 1000);
