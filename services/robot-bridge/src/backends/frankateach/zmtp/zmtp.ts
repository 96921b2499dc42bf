/**
 * ZMTP 3.x wire format (RFC 23/ZMTP, NULL mechanism) as pure functions:
 * the 64-byte greeting, frames, commands (READY, ERROR) and their metadata
 * properties. The socket in ZmtpReqSocket.ts only moves these bytes.
 */

export const GREETING_BYTES = 64;
const MECHANISM_BYTES = 20;

export interface Greeting {
  major: number;
  minor: number;
  mechanism: string;
  asServer: boolean;
}

/** Our greeting: ZMTP 3.0, NULL mechanism, client side. */
export function encodeGreeting(): Uint8Array {
  const g = new Uint8Array(GREETING_BYTES);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 0;
  g.set(new TextEncoder().encode("NULL"), 12);
  return g;
}

/** Parse a peer's greeting; throws with the reason when it is not ZMTP 3 NULL. */
export function decodeGreeting(b: Uint8Array): Greeting {
  if (b.length < GREETING_BYTES) throw new Error("ZMTP greeting is shorter than 64 bytes");
  if (b[0] !== 0xff || b[9] !== 0x7f) throw new Error("peer does not speak ZMTP (bad signature)");
  const major = b[10]!;
  if (major < 3) throw new Error(`peer speaks ZMTP ${major}.x; 3.x is needed`);
  const mech = new TextDecoder().decode(b.subarray(12, 12 + MECHANISM_BYTES)).replace(/\0+$/, "");
  if (mech !== "NULL")
    throw new Error(`peer wants the ${mech} security mechanism; only NULL is supported`);
  return { major, minor: b[11]!, mechanism: mech, asServer: b[32] === 1 };
}

const FLAG_MORE = 0x01;
const FLAG_LONG = 0x02;
const FLAG_COMMAND = 0x04;

export interface Frame {
  more: boolean;
  command: boolean;
  body: Uint8Array;
}

export function encodeFrame(body: Uint8Array, more = false, command = false): Uint8Array {
  const long = body.length > 255;
  const head = long ? 9 : 2;
  const out = new Uint8Array(head + body.length);
  out[0] = (more ? FLAG_MORE : 0) | (long ? FLAG_LONG : 0) | (command ? FLAG_COMMAND : 0);
  if (long) new DataView(out.buffer).setBigUint64(1, BigInt(body.length), false);
  else out[1] = body.length;
  out.set(body, head);
  return out;
}

/**
 * Decode one frame from `buf` at `offset`. Returns the frame and the offset
 * after it, or undefined when more bytes are needed.
 */
export function decodeFrame(
  buf: Uint8Array,
  offset = 0,
  maxBody = 64 * 1024 * 1024,
): { frame: Frame; next: number } | undefined {
  if (buf.length - offset < 2) return undefined;
  const flags = buf[offset]!;
  if ((flags & 0xf8) !== 0) throw new Error(`bad ZMTP frame flags 0x${flags.toString(16)}`);
  let size: number;
  let head: number;
  if (flags & FLAG_LONG) {
    if (buf.length - offset < 9) return undefined;
    const big = new DataView(buf.buffer, buf.byteOffset).getBigUint64(offset + 1, false);
    if (big > BigInt(maxBody)) throw new Error(`ZMTP frame of ${big} bytes is too large`);
    size = Number(big);
    head = 9;
  } else {
    size = buf[offset + 1]!;
    head = 2;
  }
  const end = offset + head + size;
  if (buf.length < end) return undefined;
  return {
    frame: {
      more: (flags & FLAG_MORE) !== 0,
      command: (flags & FLAG_COMMAND) !== 0,
      body: buf.slice(offset + head, end),
    },
    next: end,
  };
}

/** A multipart message: every part but the last has MORE set. */
export function encodeMessage(parts: readonly Uint8Array[]): Uint8Array {
  const frames = parts.map((p, i) => encodeFrame(p, i < parts.length - 1));
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let o = 0;
  for (const f of frames) {
    out.set(f, o);
    o += f.length;
  }
  return out;
}

/** REQ envelope: an empty delimiter frame, then the body. */
export function encodeRequest(body: Uint8Array): Uint8Array {
  return encodeMessage([new Uint8Array(0), body]);
}

/**
 * The body of a reply to a REQ socket: the parts after the empty delimiter.
 * Throws when the delimiter is missing (the peer is not a REP/ROUTER).
 */
export function replyBody(parts: readonly Uint8Array[]): Uint8Array {
  const d = parts.findIndex((p) => p.length === 0);
  if (d < 0) throw new Error("reply without the REQ envelope delimiter");
  const body = parts.slice(d + 1);
  if (body.length !== 1) throw new Error(`reply has ${body.length} body frames; 1 expected`);
  return body[0]!;
}

export interface Command {
  name: string;
  data: Uint8Array;
}

export function encodeCommand(name: string, data: Uint8Array): Uint8Array {
  const n = new TextEncoder().encode(name);
  const body = new Uint8Array(1 + n.length + data.length);
  body[0] = n.length;
  body.set(n, 1);
  body.set(data, 1 + n.length);
  return encodeFrame(body, false, true);
}

export function decodeCommand(body: Uint8Array): Command {
  const len = body[0];
  if (len === undefined || body.length < 1 + len) throw new Error("truncated ZMTP command");
  return {
    name: new TextDecoder().decode(body.subarray(1, 1 + len)),
    data: body.slice(1 + len),
  };
}

/** Metadata properties: name (1-byte length) and value (4-byte big-endian length). */
export function encodeProperties(props: Record<string, string>): Uint8Array {
  const enc = new TextEncoder();
  const chunks: number[] = [];
  for (const [k, v] of Object.entries(props)) {
    const kb = enc.encode(k);
    const vb = enc.encode(v);
    chunks.push(kb.length, ...kb);
    chunks.push((vb.length >>> 24) & 0xff, (vb.length >>> 16) & 0xff, (vb.length >>> 8) & 0xff);
    chunks.push(vb.length & 0xff, ...vb);
  }
  return Uint8Array.from(chunks);
}

export function decodeProperties(b: Uint8Array): Record<string, string> {
  const dec = new TextDecoder();
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Record<string, string> = {};
  let o = 0;
  while (o < b.length) {
    const kl = b[o]!;
    if (o + 1 + kl + 4 > b.length) throw new Error("truncated ZMTP metadata");
    const k = dec.decode(b.subarray(o + 1, o + 1 + kl));
    o += 1 + kl;
    const vl = view.getUint32(o, false);
    o += 4;
    if (o + vl > b.length) throw new Error("truncated ZMTP metadata value");
    out[k] = dec.decode(b.subarray(o, o + vl));
    o += vl;
  }
  return out;
}

export function encodeReady(socketType: string): Uint8Array {
  return encodeCommand("READY", encodeProperties({ "Socket-Type": socketType }));
}

/** The reason text of an ERROR command (1-byte length + text). */
export function errorReason(data: Uint8Array): string {
  const n = data[0] ?? 0;
  return new TextDecoder().decode(data.subarray(1, 1 + n));
}
