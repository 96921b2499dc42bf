/**
 * MessagePack for a flat message (numbers, strings, one or more byte
 * fields) written straight into one buffer of the exact size: the encoding
 * of a camera frame, 30 times a second per camera, whose bytes are all in
 * its JPEG. The generic encoder (codec.ts) walks the value for typed arrays
 * and NaN, then packs into a growing buffer; here each field is written once
 * and the bytes copied once. Standard MessagePack, so every reader decodes
 * it as it decodes `encode`'s output (codec.test.ts checks both readers).
 */

export type FlatValue = number | string | Uint8Array;

const utf8 = new TextEncoder();
const FIXSTR = 0xa0;
const STR8_16_32 = [0xd9, 0xda, 0xdb] as const;
const BIN8_16_32 = [0xc4, 0xc5, 0xc6] as const;

function numberBytes(x: number): number {
  if (Number.isInteger(x) && x >= 0 && x <= 0xffffffff) {
    return x < 0x80 ? 1 : x < 0x100 ? 2 : x < 0x10000 ? 3 : 5;
  }
  return 9;
}

function lengthBytes(n: number, fix: number): number {
  return n < fix ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
}

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
    size += lengthBytes(key.length, 32) + key.length;
    if (typeof v === "number") {
      values.push(v);
      kinds.push("n");
      size += numberBytes(v);
    } else if (typeof v === "string") {
      const s = utf8.encode(v);
      values.push(s);
      kinds.push("s");
      size += lengthBytes(s.length, 32) + s.length;
    } else {
      values.push(v);
      kinds.push("b");
      size += lengthBytes(v.length, 0) + v.length;
    }
  }
  if (keys.length > 15) throw new Error("encodeFlat: at most 15 fields");
  const out = new Uint8Array(1 + size);
  const view = new DataView(out.buffer);
  let p = 0;
  out[p++] = 0x80 | keys.length;
  /** A str or bin header (the fix form when `fix` is given and the length fits) and the bytes. */
  const withLength = (b: Uint8Array, codes: readonly [number, number, number], fix?: number) => {
    const n = b.length;
    if (fix !== undefined && n < 32) out[p++] = fix | n;
    else if (n < 0x100) {
      out[p++] = codes[0];
      out[p++] = n;
    } else if (n < 0x10000) {
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
      const n = numberBytes(x);
      if (n === 1) out[p++] = x;
      else if (n === 2) {
        out[p++] = 0xcc;
        out[p++] = x;
      } else if (n === 3) {
        out[p++] = 0xcd;
        view.setUint16(p, x);
        p += 2;
      } else if (n === 5) {
        out[p++] = 0xce;
        view.setUint32(p, x);
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
