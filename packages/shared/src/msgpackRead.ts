/**
 * A MessagePack reader: one recursive descent over the bytes, maps as plain
 * objects, bin as views of the input, the timestamp extension as a Date, any
 * other extension refused. It reads as @msgpack/msgpack's Decoder does (the
 * tests hold the two equal on every type) and replaces it on the hot path:
 * that decoder is a state machine built for streaming, which the recorder
 * runs without the DFG tier at 13 us a VrState against 2.9 us here (1.3
 * against 2.5 us with it; BENCHMARKS.md, eighth session).
 */
import { decodeTimestampExtension, EXT_TIMESTAMP } from "@msgpack/msgpack";

/** What a read that runs past the end throws (a truncated payload). */
export const INSUFFICIENT_DATA = "Insufficient data";

/** Deeper nesting is refused: no contract message nests more than a few levels. */
export const MAX_DEPTH = 64;

/** Strings up to this many bytes are kept, by their bytes, and reused (map keys, frame ids). */
const CACHED_MAX_BYTES = 16;
const CACHED_PER_LENGTH = 64;

const utf8 = new TextDecoder();
/** Per byte length: the bytes and the string of each kept one, alternating. */
const cache: (Uint8Array | string)[][] = [];

let bytes: Uint8Array = new Uint8Array(0);
let nonFinite = false;
let view: DataView = new DataView(bytes.buffer);
let pos = 0;

/**
 * Whether the last read met a NaN or infinite float: only floats can be one,
 * so a caller walks the value for its path only then.
 */
export function lastReadHadNonFinite(): boolean {
  return nonFinite;
}

/** Reads one value that must fill `data`; throws on truncated, malformed or trailing bytes. */
export function readMsgpack(data: Uint8Array): unknown {
  bytes = data;
  view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  pos = 0;
  nonFinite = false;
  const value = readValue(0);
  if (pos !== data.byteLength) {
    throw new Error(`extra ${data.byteLength - pos} byte(s) after the value at ${pos}`);
  }
  return value;
}

function need(n: number): number {
  const at = pos;
  if (at + n > bytes.byteLength) throw new Error(INSUFFICIENT_DATA);
  pos = at + n;
  return at;
}

function readValue(depth: number): unknown {
  const b = bytes[need(1)] as number;
  if (b < 0x80) return b;
  if (b < 0x90) return readMap(b & 0x0f, depth);
  if (b < 0xa0) return readArray(b & 0x0f, depth);
  if (b < 0xc0) return readString(b & 0x1f);
  if (b >= 0xe0) return b - 0x100;
  switch (b) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return readBin(bytes[need(1)] as number);
    case 0xc5:
      return readBin(view.getUint16(need(2)));
    case 0xc6:
      return readBin(view.getUint32(need(4)));
    case 0xc7:
      return readExt(bytes[need(1)] as number);
    case 0xc8:
      return readExt(view.getUint16(need(2)));
    case 0xc9:
      return readExt(view.getUint32(need(4)));
    case 0xca:
      return finite(view.getFloat32(need(4)));
    case 0xcb:
      return finite(view.getFloat64(need(8)));
    case 0xcc:
      return bytes[need(1)];
    case 0xcd:
      return view.getUint16(need(2));
    case 0xce:
      return view.getUint32(need(4));
    case 0xcf: {
      const at = need(8);
      return view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
    }
    case 0xd0:
      return view.getInt8(need(1));
    case 0xd1:
      return view.getInt16(need(2));
    case 0xd2:
      return view.getInt32(need(4));
    case 0xd3: {
      const at = need(8);
      return view.getInt32(at) * 2 ** 32 + view.getUint32(at + 4);
    }
    case 0xd4:
      return readExt(1);
    case 0xd5:
      return readExt(2);
    case 0xd6:
      return readExt(4);
    case 0xd7:
      return readExt(8);
    case 0xd8:
      return readExt(16);
    case 0xd9:
      return readString(bytes[need(1)] as number);
    case 0xda:
      return readString(view.getUint16(need(2)));
    case 0xdb:
      return readString(view.getUint32(need(4)));
    case 0xdc:
      return readArray(view.getUint16(need(2)), depth);
    case 0xdd:
      return readArray(view.getUint32(need(4)), depth);
    case 0xde:
      return readMap(view.getUint16(need(2)), depth);
    case 0xdf:
      return readMap(view.getUint32(need(4)), depth);
    default:
      throw new Error(`unused msgpack type byte 0x${b.toString(16)} at ${pos - 1}`);
  }
}

function finite(v: number): number {
  if (v - v !== 0) nonFinite = true;
  return v;
}

function nested(depth: number): number {
  if (depth >= MAX_DEPTH) throw new Error(`nesting deeper than ${MAX_DEPTH}`);
  return depth + 1;
}

function readArray(n: number, depth: number): unknown[] {
  const inner = nested(depth);
  // Each element takes at least a byte: a huge count in a short payload is cut short here.
  if (n > bytes.byteLength - pos) throw new Error(INSUFFICIENT_DATA);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = readValue(inner);
  return out;
}

function readMap(n: number, depth: number): Record<string, unknown> {
  const inner = nested(depth);
  if (2 * n > bytes.byteLength - pos) throw new Error(INSUFFICIENT_DATA);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const key = readValue(inner);
    if (typeof key !== "string" && typeof key !== "number") {
      throw new Error(`a map key must be a string or a number, not ${describe(key)}`);
    }
    if (key === "__proto__") throw new Error("the map key __proto__ is not allowed");
    out[key] = readValue(inner);
  }
  return out;
}

function describe(v: unknown): string {
  return v === null ? "null" : v instanceof Uint8Array ? "bin" : typeof v;
}

function readString(n: number): string {
  const at = need(n);
  if (n > CACHED_MAX_BYTES) return utf8.decode(bytes.subarray(at, at + n));
  let kept = cache[n];
  if (!kept) {
    kept = [];
    cache[n] = kept;
  }
  next: for (let i = 0; i < kept.length; i += 2) {
    const k = kept[i] as Uint8Array;
    for (let j = 0; j < n; j++) if (k[j] !== bytes[at + j]) continue next;
    return kept[i + 1] as string;
  }
  const s = utf8.decode(bytes.subarray(at, at + n));
  if (kept.length < 2 * CACHED_PER_LENGTH) kept.push(bytes.slice(at, at + n), s);
  return s;
}

function readBin(n: number): Uint8Array {
  const at = need(n);
  return bytes.subarray(at, at + n);
}

function readExt(n: number): unknown {
  const type = view.getInt8(need(1));
  const at = need(n);
  if (type === EXT_TIMESTAMP) return decodeTimestampExtension(bytes.subarray(at, at + n));
  throw new Error(`unknown msgpack extension type ${type}`);
}
