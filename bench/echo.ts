/**
 * The far end of the bus-hop probe, run as its own Bun process: answers each
 * ping with the time it arrived here, so the bench sees a real hop between
 * two processes through nats-server.
 */
import { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { createLogger } from "@teleop/shared/log";
import { writeStamp } from "./HopProbe";
import { pingSubject } from "./pingSubject";

const log = createLogger("bench-echo", "warn");
const bus = await Bus.connect({
  url: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
  service: "bench-echo",
  instance: `bench-echo-${process.pid}`,
  prefix: process.env.TELEOP_PREFIX ?? "teleop",
  log,
});
bus.nc.subscribe(pingSubject(bus.subjects), {
  callback: (err, msg) => {
    if (err) return;
    msg.respond(writeStamp(now()));
  },
});
await bus.flush();
process.stdout.write("ready\n");
const stop = async () => {
  await bus.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
