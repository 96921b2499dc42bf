/**
 * A minimal pickle writer (protocol 3) for the values the robot server
 * expects: floats, booleans, None, strings, float32 numpy arrays and plain
 * Python objects rebuilt from a class and a field dict (dataclasses).
 * Arrays use numpy's own protocol 2-4 form,
 * `numpy.core.multiarray._reconstruct` + BUILD, which every numpy since 1.0
 * (numpy 2 included) unpickles.
 */
import { Op } from "./opcodes";

/** A Python object of class `module.name` whose `__dict__` becomes `state`. */
export interface PyObjectOut {
  module: string;
  name: string;
  state: Record<string, PickleOut>;
}

/** JS number -> Python float; Float32Array -> 1-D numpy float32 array. */
export type PickleOut = null | boolean | number | string | Float32Array | PyObjectOut;

const utf8 = new TextEncoder();

class ByteSink {
  private readonly parts: number[] = [];

  byte(b: number): void {
    this.parts.push(b);
  }

  bytes(b: Uint8Array): void {
    for (const x of b) this.parts.push(x);
  }

  u32(n: number): void {
    this.parts.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }

  f64be(x: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, x, false);
    this.bytes(b);
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function writeInt(out: ByteSink, n: number): void {
  if (n >= 0 && n < 256) {
    out.byte(Op.BININT1);
    out.byte(n);
  } else {
    out.byte(Op.BININT);
    out.u32(n | 0);
  }
}

function writeString(out: ByteSink, s: string): void {
  const b = utf8.encode(s);
  out.byte(Op.BINUNICODE);
  out.u32(b.length);
  out.bytes(b);
}

function writeBytes(out: ByteSink, b: Uint8Array): void {
  out.byte(Op.BINBYTES);
  out.u32(b.length);
  out.bytes(b);
}

function writeGlobal(out: ByteSink, module: string, name: string): void {
  out.byte(Op.GLOBAL);
  out.bytes(utf8.encode(`${module}\n${name}\n`));
}

/** numpy.dtype('f4', False, True) with little-endian state, as numpy pickles it. */
function writeFloat32Dtype(out: ByteSink): void {
  writeGlobal(out, "numpy", "dtype");
  writeString(out, "f4");
  out.byte(Op.NEWFALSE);
  out.byte(Op.NEWTRUE);
  out.byte(Op.TUPLE3);
  out.byte(Op.REDUCE);
  out.byte(Op.MARK);
  writeInt(out, 3);
  writeString(out, "<");
  out.byte(Op.NONE);
  out.byte(Op.NONE);
  out.byte(Op.NONE);
  writeInt(out, -1);
  writeInt(out, -1);
  writeInt(out, 0);
  out.byte(Op.TUPLE);
  out.byte(Op.BUILD);
}

function writeFloat32Array(out: ByteSink, a: Float32Array): void {
  writeGlobal(out, "numpy.core.multiarray", "_reconstruct");
  writeGlobal(out, "numpy", "ndarray");
  writeInt(out, 0);
  out.byte(Op.TUPLE1);
  writeBytes(out, utf8.encode("b"));
  out.byte(Op.TUPLE3);
  out.byte(Op.REDUCE);
  // BUILD state: (version 1, shape, dtype, fortran order, raw little-endian data)
  out.byte(Op.MARK);
  writeInt(out, 1);
  writeInt(out, a.length);
  out.byte(Op.TUPLE1);
  writeFloat32Dtype(out);
  out.byte(Op.NEWFALSE);
  const data = new Uint8Array(a.length * 4);
  const view = new DataView(data.buffer);
  a.forEach((x, i) => {
    view.setFloat32(i * 4, x, true);
  });
  writeBytes(out, data);
  out.byte(Op.TUPLE);
  out.byte(Op.BUILD);
}

function writeValue(out: ByteSink, v: PickleOut): void {
  if (v === null) out.byte(Op.NONE);
  else if (v === true) out.byte(Op.NEWTRUE);
  else if (v === false) out.byte(Op.NEWFALSE);
  else if (typeof v === "number") {
    out.byte(Op.BINFLOAT);
    out.f64be(v);
  } else if (typeof v === "string") writeString(out, v);
  else if (v instanceof Float32Array) writeFloat32Array(out, v);
  else {
    writeGlobal(out, v.module, v.name);
    out.byte(Op.EMPTY_TUPLE);
    out.byte(Op.NEWOBJ);
    out.byte(Op.EMPTY_DICT);
    out.byte(Op.MARK);
    for (const [k, x] of Object.entries(v.state)) {
      writeString(out, k);
      writeValue(out, x);
    }
    out.byte(Op.SETITEMS);
    out.byte(Op.BUILD);
  }
}

/** Serialize a value as a protocol-3 pickle. */
export function pickleDumps(v: PickleOut): Uint8Array {
  const out = new ByteSink();
  out.byte(Op.PROTO);
  out.byte(3);
  writeValue(out, v);
  out.byte(Op.STOP);
  return out.toBytes();
}
