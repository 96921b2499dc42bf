import { describe, expect, test } from "bun:test";
import { encode as standardEncode } from "@msgpack/msgpack";
import { encode } from "@teleop/shared/codec";
import type { Controller } from "@teleop/shared/messages";
import { controller as fixtureController } from "../../../../../test/support/fixtures";
import { validateFrame } from "./validateFrame";
import { MAX_FRAME_BYTES } from "./wire";

const controller = (): Controller =>
  fixtureController({
    pose: { position: [0.1, 1.2, -0.3], orientation: [0, Math.SQRT1_2, 0, Math.SQRT1_2] },
    trigger: 0.25,
    grip: 1,
    joystick: [0, 0.5],
    buttons: { primary: true, grip: true },
  });

const frame = (extra: Record<string, unknown> = {}) => ({
  t: 1_700_000_000_000.5,
  right: controller(),
  ...extra,
});

function rejection(data: Uint8Array): { kind: string; reason: string } {
  const r = validateFrame(data);
  if (r.ok) throw new Error("expected a rejection");
  return r;
}

describe("validateFrame", () => {
  test("accepts a frame and keeps its values", () => {
    const r = validateFrame(encode(frame({ left: controller(), reset: true })));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame.right?.pose.position).toEqual([0.1, 1.2, -0.3]);
    expect(r.frame.left?.trigger).toBe(0.25);
    expect(r.frame.reset).toBe(true);
  });

  test("accepts standard msgpack from another encoder", () => {
    expect(validateFrame(standardEncode(frame())).ok).toBe(true);
  });

  test("rejects an empty, oversized, malformed or truncated payload", () => {
    expect(rejection(new Uint8Array(0)).kind).toBe("empty");
    expect(rejection(new Uint8Array(MAX_FRAME_BYTES + 1)).kind).toBe("oversized");
    expect(rejection(new Uint8Array([0xd4, 0x05, 0x00])).kind).toBe("malformed");
    const whole = encode(frame());
    expect(rejection(whole.subarray(0, whole.length - 5)).kind).toBe("truncated");
  });

  test("rejects NaN and infinite numbers with their path", () => {
    const c = controller();
    c.pose.position[1] = Number.NaN;
    const r = rejection(encode({ t: 1, right: c }));
    expect(r.kind).toBe("nonfinite");
    expect(r.reason).toContain("/right/pose/position/1");
    const inf = controller();
    inf.trigger = Number.POSITIVE_INFINITY;
    expect(rejection(encode({ t: 1, right: inf })).kind).toBe("nonfinite");
  });

  test("rejects values outside the contract's bounds", () => {
    const far = controller();
    far.pose.position[0] = 1e6;
    expect(rejection(encode({ t: 1, right: far })).kind).toBe("invalid");
    const squeezed = controller();
    squeezed.trigger = 1.5;
    expect(rejection(encode({ t: 1, right: squeezed })).kind).toBe("invalid");
  });

  test("rejects a quaternion that is not unit length", () => {
    const c = controller();
    c.pose.orientation = [0, 0.5, 0, 0.5];
    const r = rejection(encode({ t: 1, left: c }));
    expect(r.kind).toBe("quaternion");
    expect(r.reason).toContain("left");
    expect(r.reason).toContain("0.7071");
  });

  test("rejects unknown top-level fields, missing fields and wrong types", () => {
    expect(rejection(encode(frame({ speed: 3 }))).reason).toContain("speed");
    const { buttons: _, ...noButtons } = controller();
    expect(rejection(encode({ t: 1, right: noButtons })).kind).toBe("invalid");
    expect(rejection(encode({ right: controller() })).kind).toBe("invalid");
    expect(rejection(encode("hello")).kind).toBe("invalid");
  });
});
