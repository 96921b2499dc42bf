/**
 * Subprotocols the live view speaks: the ws-protocol library's and
 * foxglove-sdk's (REFERENCE section 11). The first one the viewer offers
 * that we speak is echoed back.
 */
import { FoxgloveServer } from "@foxglove/ws-protocol";

export const SUBPROTOCOLS = [FoxgloveServer.SUPPORTED_SUBPROTOCOL, "foxglove.sdk.v1"] as const;

/** From a Sec-WebSocket-Protocol header value; undefined when none is ours. */
export function chooseSubprotocol(header: string | null): string | undefined {
  if (!header) return undefined;
  const offered = header.split(",").map((p) => p.trim());
  return offered.find((p) => (SUBPROTOCOLS as readonly string[]).includes(p));
}
