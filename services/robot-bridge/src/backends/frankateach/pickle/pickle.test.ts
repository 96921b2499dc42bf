import { describe, expect, test } from "bun:test";
import { isNdArray, isPyObject, PickleError, pickleLoads } from "./pickleReader";
import { pickleDumps } from "./pickleWriter";

const PYTHON = "/usr/bin/python3";

/** Run a Python snippet with stdin bytes; returns stdout bytes. */
function python(script: string, stdin?: Uint8Array): Uint8Array {
  const r = Bun.spawnSync([PYTHON, "-c", script], { stdin: stdin ?? "ignore" });
  if (r.exitCode !== 0) throw new Error(`python failed: ${r.stderr.toString()}`);
  return new Uint8Array(r.stdout);
}

const DEFINE = `
import sys, pickle, json, types, dataclasses
import numpy as np
mod = types.ModuleType("frankateach.messages")
sys.modules["frankateach"] = types.ModuleType("frankateach")
sys.modules["frankateach.messages"] = mod
@dataclasses.dataclass
class FrankaState:
    pos: object
    quat: object
    gripper: object
    timestamp: float
    joint_positions: object
    start_teleop: bool = False
FrankaState.__module__ = "frankateach.messages"
mod.FrankaState = FrankaState
`;

describe("pickle reader against Python's pickle", () => {
  for (const protocol of [2, 3, 4, 5]) {
    test(`protocol ${protocol}: a FrankaState with numpy arrays, a numpy scalar, None and bools`, () => {
      const bytes = python(`${DEFINE}
s = FrankaState(np.array([0.5, -0.25, 0.125], dtype=np.float32),
                np.array([0, 0, 0.6, 0.8], dtype=np.float32),
                np.float32(0.75), 1700000000.25, None, True)
sys.stdout.buffer.write(pickle.dumps(s, protocol=${protocol}))`);
      const v = pickleLoads(bytes);
      expect(isPyObject(v)).toBe(true);
      if (!isPyObject(v)) return;
      expect(v.className).toBe("frankateach.messages.FrankaState");
      const pos = v.state.pos;
      expect(isNdArray(pos) && pos.dtype).toBe("f4");
      expect(isNdArray(pos) && pos.data).toEqual([0.5, -0.25, 0.125]);
      expect(isNdArray(v.state.quat) && v.state.quat.shape).toEqual([4]);
      // 0.6 and 0.8 are not exact in float32.
      const quat = isNdArray(v.state.quat) ? v.state.quat.data : [];
      expect(quat[2]).toBeCloseTo(0.6, 6);
      expect(quat[3]).toBeCloseTo(0.8, 6);
      expect(v.state.gripper).toBe(0.75);
      expect(v.state.timestamp).toBe(1700000000.25);
      expect(v.state.joint_positions).toBeNull();
      expect(v.state.start_teleop).toBe(true);
    });
  }

  test("float64, int, big-endian and Fortran-ordered arrays, lists, dicts, tuples, ints", () => {
    const bytes = python(`${DEFINE}
v = {"f8": np.array([1.5, -2.0]), "i4": np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32),
     "be": np.array([3.0], dtype=">f4"), "fortran": np.asfortranarray(np.array([[1, 2], [3, 4]], dtype=np.float64)),
     "list": [1, -1, 300, -70000, 2**40, -(2**40)], "tuple": (None, False, "x"), "bytes": b"ab",
     "joints": np.arange(7, dtype=np.float32)}
sys.stdout.buffer.write(pickle.dumps(v, protocol=5))`);
    const v = pickleLoads(bytes) as Record<string, unknown>;
    const arr = (k: string) => {
      const a = v[k];
      if (!isNdArray(a)) throw new Error(`${k} is not an array`);
      return a;
    };
    expect(arr("f8").data).toEqual([1.5, -2]);
    expect(arr("i4").shape).toEqual([2, 3]);
    expect(arr("i4").data).toEqual([1, 2, 3, 4, 5, 6]);
    expect(arr("be").data).toEqual([3]);
    expect(arr("fortran").data).toEqual([1, 2, 3, 4]);
    expect(arr("joints").data).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(v.list).toEqual([1, -1, 300, -70000, 2 ** 40, -(2 ** 40)]);
    expect(v.tuple).toEqual([null, false, "x"]);
    expect(v.bytes).toEqual(new Uint8Array([97, 98]));
  });

  test("a pickle that calls anything outside the numpy allow-list is refused", () => {
    const bytes = python(`import pickle, os, sys
class Evil:
    def __reduce__(self):
        return (os.system, ("true",))
sys.stdout.buffer.write(pickle.dumps(Evil(), protocol=4))`);
    expect(() => pickleLoads(bytes)).toThrow(PickleError);
    expect(() => pickleLoads(bytes)).toThrow(/posix\.system|os\.system/);
  });

  test("truncated and unknown input fails with a reason, not a crash", () => {
    expect(() => pickleLoads(new Uint8Array([0x80, 0x05, 0x95]))).toThrow(/truncated/);
    expect(() => pickleLoads(new Uint8Array([0x80, 0x02, 0xff]))).toThrow(/opcode 0xff/);
    expect(() => pickleLoads(new TextEncoder().encode("state_error"))).toThrow(PickleError);
  });
});

describe("pickle writer read by Python's pickle.loads", () => {
  test("a FrankaAction-like object with float32 arrays, a float, a bool", () => {
    const bytes = pickleDumps({
      module: "frankateach.messages",
      name: "FrankaState",
      state: {
        pos: new Float32Array([0.5, -0.25, 0.125]),
        quat: new Float32Array([0, 0, 0.6, 0.8]),
        gripper: -1,
        timestamp: 1700000000.25,
        joint_positions: null,
        start_teleop: false,
      },
    });
    const out = python(
      `${DEFINE}
s = pickle.loads(sys.stdin.buffer.read())
assert type(s) is FrankaState, type(s)
print(json.dumps({"pos": s.pos.tolist(), "posType": type(s.pos).__name__, "dtype": str(s.pos.dtype),
  "shape": list(s.quat.shape), "quat": s.quat.tolist(), "writeable": bool(s.pos.flags.writeable),
  "gripper": s.gripper, "ts": s.timestamp, "jp": s.joint_positions, "st": s.start_teleop}))`,
      bytes,
    );
    const r = JSON.parse(new TextDecoder().decode(out));
    expect(r.posType).toBe("ndarray");
    expect(r.dtype).toBe("float32");
    expect(r.pos).toEqual([0.5, -0.25, 0.125]);
    expect(r.shape).toEqual([4]);
    expect(r.quat[3]).toBeCloseTo(0.8, 6);
    expect(r.writeable).toBe(true);
    expect(r.gripper).toBe(-1);
    expect(r.ts).toBe(1700000000.25);
    expect(r.jp).toBeNull();
    expect(r.st).toBe(false);
  });

  test("the reader reads what the writer wrote", () => {
    const v = pickleLoads(
      pickleDumps({
        module: "m",
        name: "C",
        state: { a: new Float32Array([1, 2]), s: "é", b: true, n: null, x: 2.5 },
      }),
    );
    expect(v).toEqual({
      kind: "object",
      className: "m.C",
      state: {
        a: { kind: "ndarray", dtype: "f4", shape: [2], data: [1, 2] },
        s: "é",
        b: true,
        n: null,
        x: 2.5,
      },
    });
  });
});
