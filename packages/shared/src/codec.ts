/**
 * Standard MessagePack on the wire: msgpackr with records off, maps as plain
 * objects, no msgpackr-only extensions. Typed arrays (gl-matrix output) are
 * written as plain arrays; undefined fields are left out.
 */
// The pure-JS build: msgpackr's default entry under Bun also loads its native
// string extractor (msgpackr-extract), 7 MB of RSS in every service for no gain
// on messages this small.
import { Packr } from "msgpackr/pack";
import type { MessageType } from "./messages";

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

export function encode(value: unknown): Uint8Array {
  return packr.pack(toPlain(value));
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
    value = packr.unpack(data);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const truncated = /unexpected end/i.test(msg);
    return {
      ok: false,
      kind: truncated ? "truncated" : "malformed",
      reason: `${truncated ? "truncated" : "malformed"} msgpack: ${msg}`,
    };
  }
  return { ok: true, value };
}

/** Path of the first NaN or infinite number inside a value, or undefined. */
export function findNonFinite(value: unknown, path = ""): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path || "/";
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNonFinite(value[i], `${path}/${i}`);
      if (p) return p;
    }
    return undefined;
  }
  if (value instanceof Uint8Array) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = findNonFinite(v, `${path}/${k}`);
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
  return validate(type, raw.value);
}

/** Validate an already-parsed value (for example JSON from a browser) against a type. */
export function validate<T>(type: MessageType<T>, value: unknown): Decoded<T> {
  const bad = findNonFinite(value);
  if (bad) return { ok: false, kind: "nonfinite", reason: `non-finite number at ${bad}` };
  if (type.check(value)) return { ok: true, value };
  return {
    ok: false,
    kind: "invalid",
    reason: `not a valid ${type.name}: ${type.firstError(value) ?? "unknown error"}`,
  };
}
