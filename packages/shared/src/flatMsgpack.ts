/**
 * MessagePack for a flat message (numbers, strings, one or more byte
 * fields) written straight into one buffer of the exact size: the encoding
 * of a camera frame, 30 times a second per camera, whose bytes are all in
 * its JPEG. The generic encoder (codec.ts) walks the value for typed arrays
 * and NaN, then packs into a growing buffer; here each field is written once
 * and the bytes copied once. Standard MessagePack, so every reader decodes
 * it as it decodes `encode`'s output (codec.test.ts checks both readers).
 */

import { lengthHeader, numberSize } from "./codec";

export type FlatValue = number | string | Uint8Array;

const utf8 = new TextEncoder();
const FIXSTR = 0xa0;
const STR8_16_32 = [0xd9, 0xda, 0xdb] as const;
const BIN8_16_32 = [0xc4, 0xc5, 0xc6] as const;

/** Encodes a map of the given fields in their order; undefined fields are left out. */
export function encodeFlat(fields: Readonly<Record<string, FlatValue | undefined>>): Uint8Array {
  const keys: Uint8Array[] = [];
  const values: Array<number | Uint8Array> = [];
  const kinds: Array<"n" | "s" | "b"> = [];
  let size = 0;
  for (const k in fields) {
    const v = fields[k];
    if (v === undefined) continue;
    const key = utf8.encode(k);
    keys.push(key);
    size += lengthHeader(key.length, 32, 1) + key.length;
    if (typeof v === "number") {
      values.push(v);
      kinds.push("n");
      size += numberSize(v);
    } else if (typeof v === "string") {
      const s = utf8.encode(v);
      values.push(s);
      kinds.push("s");
      size += lengthHeader(s.length, 32, 1) + s.length;
    } else {
      values.push(v);
      kinds.push("b");
      size += lengthHeader(v.length, 0, 1) + v.length;
    }
  }
  if (keys.length > 15) throw new Error("encodeFlat: at most 15 fields");
  const out = new Uint8Array(1 + size);
  const view = new DataView(out.buffer);
  let p = 0;
  out[p++] = 0x80 | keys.length;
  /** A str or bin header in the form lengthHeader sized (fix when `fix` is given) and the bytes. */
  const withLength = (b: Uint8Array, codes: readonly [number, number, number], fix?: number) => {
    const n = b.length;
    const header = lengthHeader(n, fix === undefined ? 0 : 32, 1);
    if (header === 1) out[p++] = fix! | n;
    else if (header === 2) {
      out[p++] = codes[0];
      out[p++] = n;
    } else if (header === 3) {
      out[p++] = codes[1];
      view.setUint16(p, n);
      p += 2;
    } else {
      out[p++] = codes[2];
      view.setUint32(p, n);
      p += 4;
    }
    out.set(b, p);
    p += n;
  };
  const str = (b: Uint8Array) => withLength(b, STR8_16_32, FIXSTR);
  for (let i = 0; i < keys.length; i++) {
    str(keys[i]!);
    const v = values[i]!;
    const kind = kinds[i]!;
    if (kind === "n") {
      const x = v as number;
      const n = numberSize(x);
      // The form numberSize counted: (negative) fixint, 8-, 16- or 32-bit integer, else float64.
      if (n === 1) out[p++] = x & 0xff;
      else if (n === 2) {
        out[p++] = x >= 0 ? 0xcc : 0xd0;
        out[p++] = x & 0xff;
      } else if (n === 3) {
        out[p++] = x >= 0 ? 0xcd : 0xd1;
        if (x >= 0) view.setUint16(p, x);
        else view.setInt16(p, x);
        p += 2;
      } else if (n === 5) {
        out[p++] = x >= 0 ? 0xce : 0xd2;
        if (x >= 0) view.setUint32(p, x);
        else view.setInt32(p, x);
        p += 4;
      } else {
        out[p++] = 0xcb;
        view.setFloat64(p, x);
        p += 8;
      }
    } else if (kind === "s") str(v as Uint8Array);
    else withLength(v as Uint8Array, BIN8_16_32);
  }
  return out;
}
