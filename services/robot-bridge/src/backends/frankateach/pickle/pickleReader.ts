/**
 * A pickle reader for protocols 2-5, limited to data: None, booleans, ints,
 * floats, strings, bytes, tuples, lists, dicts, sets, numpy arrays and
 * scalars, and plain objects rebuilt by NEWOBJ + BUILD (dataclasses).
 * Nothing is executed: a GLOBAL outside the small numpy allow-list can only
 * name a class to instantiate as a PyObject; calling it is an error.
 */
import { Op } from "./opcodes";

/** A plain Python object: its class and the dict BUILD gave it. */
export interface PyObject {
  kind: "object";
  className: string;
  state: Record<string, unknown>;
}

/** A numpy array, data flattened in C order, values as JS numbers. */
export interface NdArray {
  kind: "ndarray";
  dtype: string;
  shape: number[];
  data: number[];
}

interface PyClass {
  kind: "class";
  className: string;
}

interface Dtype {
  kind: "dtype";
  code: string;
  littleEndian: boolean;
}

interface PyCallable {
  kind: "callable";
  name: string;
  call(args: unknown[]): unknown;
}

/** Raised for anything the reader does not understand, with the byte offset. */
export class PickleError extends Error {}

export function isNdArray(v: unknown): v is NdArray {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "ndarray";
}

export function isPyObject(v: unknown): v is PyObject {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "object";
}

const isDtype = (v: unknown): v is Dtype =>
  typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "dtype";

const ITEM_SIZE: Record<string, number> = {
  f4: 4,
  f8: 8,
  f2: 2,
  i1: 1,
  i2: 2,
  i4: 4,
  i8: 8,
  u1: 1,
  u2: 2,
  u4: 4,
  u8: 8,
  b1: 1,
};

function readItems(dtype: Dtype, bytes: Uint8Array): number[] {
  const size = ITEM_SIZE[dtype.code];
  if (size === undefined) throw new PickleError(`numpy dtype ${dtype.code} is not supported`);
  if (bytes.length % size !== 0)
    throw new PickleError(`array data of ${bytes.length} bytes is not a multiple of ${size}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = dtype.littleEndian;
  const out: number[] = [];
  for (let o = 0; o < bytes.length; o += size) {
    switch (dtype.code) {
      case "f4":
        out.push(view.getFloat32(o, le));
        break;
      case "f8":
        out.push(view.getFloat64(o, le));
        break;
      case "f2":
        out.push(view.getFloat16(o, le));
        break;
      case "i1":
        out.push(view.getInt8(o));
        break;
      case "i2":
        out.push(view.getInt16(o, le));
        break;
      case "i4":
        out.push(view.getInt32(o, le));
        break;
      case "i8":
        out.push(Number(view.getBigInt64(o, le)));
        break;
      case "u2":
        out.push(view.getUint16(o, le));
        break;
      case "u4":
        out.push(view.getUint32(o, le));
        break;
      case "u8":
        out.push(Number(view.getBigUint64(o, le)));
        break;
      default:
        out.push(view.getUint8(o));
    }
  }
  return out;
}

function dtypeCode(spec: unknown): string {
  if (typeof spec !== "string") throw new PickleError("numpy dtype spec is not a string");
  const aliases: Record<string, string> = { "?": "b1", f: "f4", d: "f8", b: "i1", B: "u1" };
  const code = aliases[spec] ?? spec.replace(/^[<>=|]/, "");
  return code;
}

function toBytes(v: unknown, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new PickleError(`${what} is not bytes`);
}

function shapeOf(v: unknown): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= 0))
    throw new PickleError("numpy shape is not a tuple of sizes");
  return v as number[];
}

function makeArray(dtype: unknown, shape: number[], bytes: Uint8Array): NdArray {
  if (!isDtype(dtype)) throw new PickleError("numpy array without a dtype");
  const data = readItems(dtype, bytes);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length)
    throw new PickleError(
      `numpy shape ${JSON.stringify(shape)} needs ${n} items, got ${data.length}`,
    );
  return { kind: "ndarray", dtype: dtype.code, shape, data };
}

/** Fortran-ordered data flattened back to C order. */
function fortranToC(a: NdArray): NdArray {
  if (a.shape.length < 2) return a;
  const { shape } = a;
  const data = new Array<number>(a.data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    let stride = 1;
    for (let d = 0; d < shape.length; d++) {
      f += idx[d]! * stride;
      stride *= shape[d]!;
    }
    data[c] = a.data[f]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { ...a, data };
}

/** The numpy (and codecs) callables a data pickle needs; numpy 2 renamed numpy.core to numpy._core. */
function knownGlobal(module: string, name: string): PyCallable | undefined {
  const mod = module.replace(/^numpy\._core\b/, "numpy.core");
  const key = `${mod}.${name}`;
  const callable = (call: (args: unknown[]) => unknown): PyCallable => ({
    kind: "callable",
    name: key,
    call,
  });
  switch (key) {
    case "numpy.dtype":
      return callable(([spec]) => ({ kind: "dtype", code: dtypeCode(spec), littleEndian: true }));
    case "numpy.core.multiarray._reconstruct":
      // Filled in by the BUILD that follows.
      return callable(() => ({ kind: "ndarray", dtype: "", shape: [], data: [] }));
    case "numpy.core.numeric._frombuffer":
      return callable(([buf, dtype, shape, order]) => {
        const a = makeArray(dtype, shapeOf(shape), toBytes(buf, "_frombuffer data"));
        return order === "F" ? fortranToC(a) : a;
      });
    case "numpy.core.multiarray.scalar":
      return callable(([dtype, bytes]) => {
        const a = makeArray(dtype, [1], toBytes(bytes, "numpy scalar data"));
        return a.data[0];
      });
    case "_codecs.encode":
      // Protocol 2 stores bytes as a latin-1 str: _codecs.encode(str, "latin1").
      return callable(([s]) => {
        if (typeof s !== "string") throw new PickleError("_codecs.encode of a non-string");
        return Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
      });
    default:
      return undefined;
  }
}

function build(target: unknown, state: unknown): void {
  if (isPyObject(target)) {
    // A (dict, slots) pair when the class has __slots__.
    const dict = Array.isArray(state) ? state[0] : state;
    const slots = Array.isArray(state) ? state[1] : undefined;
    for (const part of [dict, slots]) {
      if (part && typeof part === "object") Object.assign(target.state, part);
    }
    return;
  }
  if (isDtype(target)) {
    const order = Array.isArray(state) ? state[1] : undefined;
    if (order === ">") target.littleEndian = false;
    return;
  }
  if (isNdArray(target)) {
    if (!Array.isArray(state) || state.length < 5)
      throw new PickleError(
        "numpy array BUILD state is not (version, shape, dtype, fortran, data)",
      );
    const [, shape, dtype, fortran, raw] = state;
    const a = makeArray(dtype, shapeOf(shape), toBytes(raw, "numpy array data"));
    Object.assign(target, fortran === true ? fortranToC(a) : a);
    return;
  }
  throw new PickleError("BUILD on an object that takes no state");
}

/** Unpickle `bytes` into plain values (tuples and lists become arrays, dicts become objects). */
export function pickleLoads(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder("utf-8", { fatal: true });
  let pos = 0;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (n: number) => {
    if (pos + n > bytes.length) throw new PickleError(`truncated pickle at byte ${pos}`);
  };
  const u8 = () => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length)) throw new PickleError(`length ${v} exceeds the pickle`);
    return Number(v);
  };
  const take = (n: number) => {
    need(n);
    const b = bytes.slice(pos, pos + n);
    pos += n;
    return b;
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new PickleError(`unterminated line at byte ${pos}`);
    const s = text.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0) throw new PickleError(`stack underflow at byte ${pos}`);
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) throw new PickleError(`stack underflow at byte ${pos}`);
    return stack[stack.length - 1];
  };
  const popMark = () => {
    const items = stack;
    const prev = marks.pop();
    if (!prev) throw new PickleError(`no MARK at byte ${pos}`);
    stack = prev;
    return items;
  };
  const global = (module: string, name: string): unknown =>
    knownGlobal(module, name) ?? ({ kind: "class", className: `${module}.${name}` } as PyClass);
  const setItems = (dict: unknown, kv: unknown[]) => {
    if (typeof dict !== "object" || dict === null || Array.isArray(dict))
      throw new PickleError("SETITEM on a non-dict");
    for (let i = 0; i + 1 < kv.length; i += 2)
      (dict as Record<string, unknown>)[String(kv[i])] = kv[i + 1];
  };
  const appendItems = (list: unknown, items: unknown[]) => {
    if (!Array.isArray(list)) throw new PickleError("APPEND on a non-list");
    list.push(...items);
  };

  for (;;) {
    const at = pos;
    const op = u8();
    switch (op) {
      case Op.PROTO: {
        const p = u8();
        if (p < 2 || p > 5) throw new PickleError(`pickle protocol ${p} is not supported`);
        break;
      }
      case Op.FRAME:
        u64();
        break;
      case Op.STOP:
        return pop();
      case Op.MARK:
        marks.push(stack);
        stack = [];
        break;
      case Op.POP:
        pop();
        break;
      case Op.POP_MARK:
        popMark();
        break;
      case Op.DUP:
        stack.push(top());
        break;
      case Op.NONE:
        stack.push(null);
        break;
      case Op.NEWTRUE:
        stack.push(true);
        break;
      case Op.NEWFALSE:
        stack.push(false);
        break;
      case Op.BININT:
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case Op.BININT1:
        stack.push(u8());
        break;
      case Op.BININT2:
        stack.push(u16());
        break;
      case Op.LONG1: {
        const n = u8();
        const b = take(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (n > 0 && (b[n - 1]! & 0x80) !== 0) v -= 1n << BigInt(8 * n);
        stack.push(Number(v));
        break;
      }
      case Op.BINFLOAT:
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case Op.SHORT_BINUNICODE:
        stack.push(text.decode(take(u8())));
        break;
      case Op.BINUNICODE:
        stack.push(text.decode(take(u32())));
        break;
      case Op.BINUNICODE8:
        stack.push(text.decode(take(u64())));
        break;
      case Op.SHORT_BINBYTES:
        stack.push(take(u8()));
        break;
      case Op.BINBYTES:
        stack.push(take(u32()));
        break;
      case Op.BINBYTES8:
      case Op.BYTEARRAY8:
        stack.push(take(u64()));
        break;
      case Op.EMPTY_TUPLE:
        stack.push([]);
        break;
      case Op.TUPLE: {
        // popMark swaps `stack`, so take the items before pushing.
        const items = popMark();
        stack.push(items);
        break;
      }
      case Op.TUPLE1: {
        const a = pop();
        stack.push([a]);
        break;
      }
      case Op.TUPLE2: {
        const b = pop();
        const a = pop();
        stack.push([a, b]);
        break;
      }
      case Op.TUPLE3: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push([a, b, c]);
        break;
      }
      case Op.EMPTY_LIST:
      case Op.EMPTY_SET:
        stack.push([]);
        break;
      case Op.LIST:
      case Op.FROZENSET: {
        const items = popMark();
        stack.push(items);
        break;
      }
      case Op.APPEND: {
        const v = pop();
        appendItems(top(), [v]);
        break;
      }
      case Op.APPENDS:
      case Op.ADDITEMS: {
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case Op.EMPTY_DICT:
        stack.push({});
        break;
      case Op.DICT: {
        const kv = popMark();
        const d = {};
        setItems(d, kv);
        stack.push(d);
        break;
      }
      case Op.SETITEM: {
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case Op.SETITEMS: {
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case Op.GLOBAL: {
        const module = line();
        const name = line();
        stack.push(global(module, name));
        break;
      }
      case Op.STACK_GLOBAL: {
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string")
          throw new PickleError(`STACK_GLOBAL needs two strings at byte ${at}`);
        stack.push(global(module, name));
        break;
      }
      case Op.REDUCE: {
        const args = pop();
        const fn = pop() as PyCallable | PyClass;
        if (fn?.kind !== "callable")
          throw new PickleError(
            `pickle calls ${(fn as PyClass)?.className ?? "a non-callable"}, which is not allowed`,
          );
        if (!Array.isArray(args)) throw new PickleError("REDUCE arguments are not a tuple");
        stack.push(fn.call(args));
        break;
      }
      case Op.NEWOBJ:
      case Op.NEWOBJ_EX: {
        if (op === Op.NEWOBJ_EX) pop();
        pop();
        const cls = pop() as PyClass;
        if (cls?.kind !== "class") throw new PickleError(`NEWOBJ on a non-class at byte ${at}`);
        const obj: PyObject = { kind: "object", className: cls.className, state: {} };
        stack.push(obj);
        break;
      }
      case Op.BUILD: {
        const state = pop();
        build(top(), state);
        break;
      }
      case Op.MEMOIZE:
        memo.set(memo.size, top());
        break;
      case Op.BINPUT:
        memo.set(u8(), top());
        break;
      case Op.LONG_BINPUT:
        memo.set(u32(), top());
        break;
      case Op.BINGET:
      case Op.LONG_BINGET: {
        const i = op === Op.BINGET ? u8() : u32();
        if (!memo.has(i)) throw new PickleError(`memo ${i} is not defined (byte ${at})`);
        stack.push(memo.get(i));
        break;
      }
      default:
        throw new PickleError(
          `pickle opcode 0x${op.toString(16).padStart(2, "0")} at byte ${at} is not supported`,
        );
    }
  }
}
