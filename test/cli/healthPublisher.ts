/**
 * A minimal service for the CLI tests: the shared service lifecycle with one
 * 10 Hz loop, so it publishes real Health at 1 Hz and can be killed.
 */
import { FixedRateLoop } from "@teleop/shared/loop";
import { startService } from "@teleop/shared/service";

const ctx = await startService(process.env.FAKE_SERVICE_NAME ?? "fake-svc", {});
const loop = new FixedRateLoop({ name: "tick", hz: 10, onTick: () => ctx.counters.inc("ticks") });
ctx.health.addLoop("tick", loop);
loop.start();
ctx.onShutdown(() => loop.stop());
ctx.log.info("ready");
