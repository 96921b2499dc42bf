/**
 * `connect` with nats.js's options, on the Bun transport; TLS connections
 * go through the node transport, which implements STARTTLS (loaded only
 * then: it brings node:net and node:tls, about 2 MB of RSS).
 */
import {
  type ConnectionOptions,
  type NatsConnection,
  NatsConnectionImpl,
  setTransportFactory,
} from "@nats-io/nats-core/internal";
import { BunTransport } from "./BunTransport";
import type { WithHeldReads } from "./HeldReads";

/** `heldReads` applies to the Bun transport only (a TLS connection reads as data comes). */
export async function connect(
  opts: ConnectionOptions & WithHeldReads = {},
): Promise<NatsConnection> {
  if (opts.tls) return (await import("@nats-io/transport-node")).connect(opts);
  setTransportFactory({ factory: () => new BunTransport() });
  return NatsConnectionImpl.connect(opts);
}
