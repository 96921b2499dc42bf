/**
 * The protocol's binary MessageData frame (REFERENCE section 11): opcode 0x01,
 * u32 subscription id, u64 timestamp ns, payload, little-endian.
 */
import { BinaryOpcode } from "@foxglove/ws-protocol";

const HEADER_BYTES = 1 + 4 + 8;

export function messageDataFrame(
  subscription: number,
  ns: bigint,
  payload: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const frame = new Uint8Array(HEADER_BYTES + payload.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, BinaryOpcode.MESSAGE_DATA);
  view.setUint32(1, subscription, true);
  view.setBigUint64(5, ns, true);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/** The subscription id of a MessageData frame, or undefined for any other frame. */
export function subscriptionOf(frame: Uint8Array): number | undefined {
  if (frame.byteLength < HEADER_BYTES || frame[0] !== BinaryOpcode.MESSAGE_DATA) return undefined;
  return new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(1, true);
}
