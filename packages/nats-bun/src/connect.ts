/**
 * `connect` with nats.js's options, on the Bun transport; TLS connections
 * go through the node transport, which implements STARTTLS.
 */
import {
  type ConnectionOptions,
  type NatsConnection,
  NatsConnectionImpl,
  setTransportFactory,
} from "@nats-io/nats-core/internal";
import { connect as nodeConnect } from "@nats-io/transport-node";
import { BunTransport } from "./BunTransport";

export function connect(opts: ConnectionOptions = {}): Promise<NatsConnection> {
  if (opts.tls) return nodeConnect(opts);
  setTransportFactory({ factory: () => new BunTransport() });
  return NatsConnectionImpl.connect(opts);
}
