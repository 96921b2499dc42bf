import { describe, expect, test } from "bun:test";
import {
  decodeState,
  gripperFromServer,
  gripperToServer,
  STATE_ERROR,
  toBackendState,
} from "./frankaMessages";
import { type PickleOut, pickleDumps } from "./pickle/pickleWriter";

const state = (over: Record<string, PickleOut> = {}, name = "FrankaState") =>
  pickleDumps({
    module: "frankateach.messages",
    name,
    state: {
      pos: new Float32Array([0.5, 0, 0.25]),
      quat: new Float32Array([0, 0, 0, 1.1]),
      gripper: 1,
      timestamp: 1700000000.5,
      joint_positions: new Float32Array([0, 0.5, 0, -2, 0, 2, 0.75]),
      start_teleop: false,
      ...over,
    },
  });

describe("gripper mapping", () => {
  test("bus 0..1 to the server's -1 open / +1 close, closing from 0.5", () => {
    expect(gripperToServer(0)).toBe(-1);
    expect(gripperToServer(0.49)).toBe(-1);
    expect(gripperToServer(0.5)).toBe(1);
    expect(gripperToServer(1)).toBe(1);
  });

  test("server -1 / +1 back to 0 / 1, clamped; 0 (nothing commanded yet) is open", () => {
    expect(gripperFromServer(-1)).toBe(0);
    expect(gripperFromServer(1)).toBe(1);
    expect(gripperFromServer(0)).toBe(0);
    expect(gripperFromServer(3)).toBe(1);
  });
});

describe("FrankaState replies", () => {
  test("decodes pose (quaternion normalized), gripper and joints", () => {
    const s = decodeState(state());
    expect(s.pose.position).toEqual([0.5, 0, 0.25]);
    expect(s.pose.orientation).toEqual([0, 0, 0, 1]);
    expect(s.gripper).toBe(1);
    expect(s.gripperRaw).toBe(1);
    expect(s.jointPositions).toEqual([0, 0.5, 0, -2, 0, 2, 0.75]);
  });

  test("the server's int 0 before any command: gripper open, the raw 0 kept", () => {
    const s = decodeState(state({ gripper: 0 }));
    expect(s.gripper).toBe(0);
    expect(s.gripperRaw).toBe(0);
  });

  test("None joint positions are no joints", () => {
    expect(decodeState(state({ joint_positions: null })).jointPositions).toBeNull();
  });

  test("state_error, another class, NaN and wrong sizes are refused with a reason", () => {
    expect(() => decodeState(new TextEncoder().encode(STATE_ERROR))).toThrow(/state_error/);
    expect(() => decodeState(state({}, "FrankaAction"))).toThrow(/FrankaAction, not a FrankaState/);
    expect(() => decodeState(state({ pos: new Float32Array([Number.NaN, 0, 0]) }))).toThrow(
      /pos is not 3 finite numbers/,
    );
    expect(() => decodeState(state({ quat: new Float32Array([0, 0, 0, 0]) }))).toThrow(/norm 0/);
    expect(() => decodeState(state({ joint_positions: new Float32Array(6) }))).toThrow(
      /joint_positions/,
    );
  });

  test("joint velocity is estimated from the previous reply: 0.1 rad in 50 ms is 2 rad/s", () => {
    const a = decodeState(state());
    const first = toBackendState(a, 1000, undefined);
    expect(first.joints?.velocity).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const moved = {
      ...a,
      jointPositions: a.jointPositions!.map((q, i) => (i === 1 ? q + 0.1 : q)),
    };
    const second = toBackendState(moved, 1050, first);
    expect(second.joints!.velocity[1]).toBeCloseTo(2, 9);
    expect(second.joints!.velocity[0]).toBe(0);
  });
});
