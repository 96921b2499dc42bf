/**
 * Standard MessagePack on the wire, written by msgpackr with records off, maps
 * as plain objects, no msgpackr-only extensions, and read by msgpackRead.
 * Typed arrays (gl-matrix output) are written as plain arrays; undefined
 * fields are left out.
 */
// The pure-JS build: msgpackr's default entry under Bun also loads its native
// string extractor (msgpackr-extract), 7 MB of RSS in every service for no gain
// on messages this small.
import { Packr } from "msgpackr/pack";
import type { MessageType } from "./messages";
import { INSUFFICIENT_DATA, lastReadHadNonFinite, readMsgpack } from "./msgpackRead";

/** Largest payload decode accepts; the largest contract message is well under 8 KiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024;

const packr = new Packr({
  useRecords: false,
  variableMapSize: true,
  mapsAsObjects: true,
  int64AsType: "number",
  moreTypes: false,
});

export type RejectKind =
  | "oversized"
  | "empty"
  | "truncated"
  | "malformed"
  | "nonfinite"
  | "invalid";

export type Decoded<T> = { ok: true; value: T } | { ok: false; kind: RejectKind; reason: string };

function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value) && !(value instanceof Uint8Array) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Uint8Array || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k] = toPlain(v);
  }
  return out;
}

/**
 * Whether toPlain would change anything: a typed array, an undefined field or
 * an object that is not plain data. Walked without allocating, so the common
 * case (a message built of plain objects and arrays) is packed as it is.
 */
function needsPlain(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsPlain(value[i])) return true;
    return false;
  }
  if (value instanceof Uint8Array || value instanceof Date) return false;
  if (ArrayBuffer.isView(value)) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return true;
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (v === undefined || needsPlain(v)) return true;
  }
  return false;
}

export function encode(value: unknown): Uint8Array {
  return packr.pack(needsPlain(value) ? toPlain(value) : value);
}

/**
 * Bytes encode(value) would write, counted without encoding (for a size limit
 * on a value that is not itself published). Mirrors the Packr options above;
 * values outside plain data (dates, bigints) are measured by encoding them.
 */
export function encodedSize(value: unknown): number {
  switch (typeof value) {
    case "boolean":
      return 1;
    case "number":
      return numberSize(value);
    case "string":
      return lengthHeader(Buffer.byteLength(value, "utf8"), 0x20, 1) + Buffer.byteLength(value);
    case "object":
      if (value === null) return 1;
      if (value instanceof Uint8Array) return lengthHeader(value.length, 0, 1) + value.length;
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        return encodedSize(Array.from(value as unknown as ArrayLike<number>));
      }
      if (Array.isArray(value)) {
        let n = lengthHeader(value.length, 0x10, 0);
        for (const v of value) n += encodedSize(v);
        return n;
      }
      if (Object.getPrototypeOf(value) === Object.prototype) {
        let n = 0;
        let keys = 0;
        for (const [k, v] of Object.entries(value)) {
          if (v === undefined) continue;
          keys++;
          n += encodedSize(k) + encodedSize(v);
        }
        return lengthHeader(keys, 0x10, 0) + n;
      }
      return encode(value).length;
    default:
      return encode(value).length;
  }
}

export function numberSize(x: number): number {
  if (x >>> 0 === x) return x < 0x80 ? 1 : x < 0x100 ? 2 : x < 0x10000 ? 3 : 5;
  if (x >> 0 === x) return x >= -0x20 ? 1 : x >= -0x80 ? 2 : x >= -0x8000 ? 3 : 5;
  return 9;
}

/**
 * Header bytes of a str, bin, array or map of this length: a fix form below
 * fixLimit (none when 0), else 8-bit (str and bin only: oneByte = 1), 16-bit or 32-bit.
 */
export function lengthHeader(length: number, fixLimit: number, oneByte: 0 | 1): number {
  if (length < fixLimit) return 1;
  if (oneByte && length < 0x100) return 2;
  return length < 0x10000 ? 3 : 5;
}

/** Parse msgpack without validating against a contract type. */
export function decodeAny(data: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): Decoded<unknown> {
  if (data.length === 0) return { ok: false, kind: "empty", reason: "empty payload" };
  if (data.length > maxBytes) {
    return {
      ok: false,
      kind: "oversized",
      reason: `payload of ${data.length} bytes exceeds the ${maxBytes}-byte limit`,
    };
  }
  let value: unknown;
  try {
    value = readMsgpack(data);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const truncated = msg === INSUFFICIENT_DATA;
    return {
      ok: false,
      kind: truncated ? "truncated" : "malformed",
      reason: `${truncated ? "truncated" : "malformed"} msgpack: ${msg}`,
    };
  }
  return { ok: true, value };
}

/** Whether a value holds a NaN or infinite number, walked without allocating (every message is checked). */
function hasNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasNonFinite(value[i])) return true;
    return false;
  }
  const o = value as Record<string, unknown>;
  for (const k in o) if (Object.hasOwn(o, k) && hasNonFinite(o[k])) return true;
  return false;
}

/** Path of the first NaN or infinite number inside a value, or undefined. */
export function findNonFinite(value: unknown, path = ""): string | undefined {
  return hasNonFinite(value) ? nonFinitePath(value, path) : undefined;
}

function nonFinitePath(value: unknown, path: string): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path || "/";
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nonFinitePath(value[i], `${path}/${i}`);
      if (p) return p;
    }
    return undefined;
  }
  if (value instanceof Uint8Array) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = nonFinitePath(v, `${path}/${k}`);
    if (p) return p;
  }
  return undefined;
}

/** Decode and validate a contract message; a rejection carries a readable reason. */
export function decode<T>(
  type: MessageType<T>,
  data: Uint8Array,
  maxBytes = DEFAULT_MAX_BYTES,
): Decoded<T> {
  const raw = decodeAny(data, maxBytes);
  if (!raw.ok) return raw;
  // The reader saw every number: the value is walked for a NaN's path only when it met one.
  return checked(type, raw.value, lastReadHadNonFinite());
}

/** Validate an already-parsed value (for example JSON from a browser) against a type. */
export function validate<T>(type: MessageType<T>, value: unknown): Decoded<T> {
  return checked(type, value, true);
}

function checked<T>(type: MessageType<T>, value: unknown, mayBeNonFinite: boolean): Decoded<T> {
  const bad = mayBeNonFinite ? findNonFinite(value) : undefined;
  if (bad) return { ok: false, kind: "nonfinite", reason: `non-finite number at ${bad}` };
  if (type.check(value)) return { ok: true, value };
  return {
    ok: false,
    kind: "invalid",
    reason: `not a valid ${type.name}: ${type.firstError(value) ?? "unknown error"}`,
  };
}
