/** A Bus connected to a test server, with a quiet logger. */
import { Bus } from "@teleop/shared/bus";
import { createLogger } from "@teleop/shared/log";

export async function testBus(url: string, service = "test", prefix = "teleop"): Promise<Bus> {
  return Bus.connect({
    url,
    service,
    instance: `${service}-${process.pid}`,
    prefix,
    log: createLogger(service, "error"),
  });
}

/** Poll until `cond` holds or the timeout passes; returns whether it held. */
export async function waitFor(
  cond: () => boolean,
  timeoutMs = 5000,
  stepMs = 10,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (cond()) return true;
    await Bun.sleep(stepMs);
  }
  return cond();
}
