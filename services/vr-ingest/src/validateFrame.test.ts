import { describe, expect, test } from "bun:test";
import type { Controller, VrState } from "@teleop/shared/messages";
import { type ControllerOver, controllerAt } from "../../../test/support/fixtures";
import { type FrameLimits, validateFrame } from "./validateFrame";

const limits: FrameLimits = {
  maxBytes: 2048,
  maxPositionM: 10,
  maxJumpM: 0.3,
  jumpWindowMs: 100,
};

const ctl = (position: [number, number, number], extra: ControllerOver = {}): Controller =>
  controllerAt(position, extra);

const stamp = { seq: 4, t: 1000, source: "sim" as const };

function prevAt(position: [number, number, number], t = 980, tracked = true): VrState {
  return { v: 1, seq: 3, t, source: "sim", right: ctl(position, { tracked }) };
}

describe("validateFrame", () => {
  test("a good frame becomes a VrState with the stamp", () => {
    const r = validateFrame({ right: ctl([0.2, 1, -0.3]) }, undefined, stamp, limits);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state).toMatchObject({ v: 1, seq: 4, t: 1000, source: "sim" });
    expect(r.state.right?.pose.position).toEqual([0.2, 1, -0.3]);
    expect(r.state.left).toBeUndefined();
  });

  test("NaN and Infinity are rejected as nonfinite with the path", () => {
    const r = validateFrame({ right: ctl([0, Number.NaN, 0]) }, undefined, stamp, limits);
    expect(r).toMatchObject({ ok: false, kind: "nonfinite" });
    if (!r.ok) expect(r.reason).toContain("/right/pose/position/1");
    const inf = ctl([0, 0, 0], { trigger: Number.POSITIVE_INFINITY });
    expect(validateFrame({ right: inf }, undefined, stamp, limits)).toMatchObject({
      ok: false,
      kind: "nonfinite",
    });
  });

  test("positions beyond the bound are rejected, on the boundary accepted", () => {
    const far = validateFrame({ left: ctl([0, 0, -10.5]) }, undefined, stamp, limits);
    expect(far).toMatchObject({ ok: false, kind: "bounds" });
    if (!far.ok) expect(far.reason).toContain("left position z");
    expect(validateFrame({ left: ctl([0, 0, -10]) }, undefined, stamp, limits).ok).toBe(true);
    const huge = validateFrame({ right: ctl([1e300, 0, 0]) }, undefined, stamp, limits);
    expect(huge).toMatchObject({ ok: false, kind: "bounds" });
  });

  test("a quaternion far from unit norm is rejected; a near-unit one is normalised", () => {
    const c = ctl([0, 1, 0]);
    c.pose.orientation = [0, 0, 0, 0.5];
    expect(validateFrame({ right: c }, undefined, stamp, limits)).toMatchObject({
      ok: false,
      kind: "quaternion",
    });
    c.pose.orientation = [0, 0, 0, 1.009];
    const r = validateFrame({ right: c }, undefined, stamp, limits);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.state.right?.pose.orientation[3]).toBeCloseTo(1, 12);
  });

  test("a jump larger than the bound between tracked samples is rejected", () => {
    const prev = prevAt([0, 1, 0]);
    // 0.4 m along x in 20 ms: 20 m/s, no human hand.
    const r = validateFrame({ right: ctl([0.4, 1, 0]) }, prev, stamp, limits);
    expect(r).toMatchObject({ ok: false, kind: "jump" });
    if (!r.ok) expect(r.reason).toContain("0.400 m");
    // 0.1 + 0.2 (3-4-5 scaled): 0.2236 m < 0.3 m.
    expect(validateFrame({ right: ctl([0.1, 1.2, 0]) }, prev, stamp, limits).ok).toBe(true);
  });

  test("no jump check after untracked samples or a gap longer than the window", () => {
    const far = { right: ctl([2, 1, 0]) };
    expect(validateFrame(far, prevAt([0, 1, 0], 980, false), stamp, limits).ok).toBe(true);
    expect(validateFrame(far, prevAt([0, 1, 0], 850), stamp, limits).ok).toBe(true);
  });

  test("contract violations are rejected as invalid with the field", () => {
    const r = validateFrame({ right: ctl([0, 1, 0], { trigger: 1.5 }) }, undefined, stamp, limits);
    expect(r).toMatchObject({ ok: false, kind: "invalid" });
    if (!r.ok) expect(r.reason).toContain("/right/trigger");
    const missing = { right: { tracked: true } as unknown as Controller };
    expect(validateFrame(missing, undefined, stamp, limits)).toMatchObject({
      ok: false,
      kind: "invalid",
    });
  });

  test("oversized frames are rejected before anything else; extra fields are dropped", () => {
    const big = { right: { ...ctl([0, 1, 0]), junk: "x".repeat(4000) } };
    expect(validateFrame(big, undefined, stamp, limits)).toMatchObject({
      ok: false,
      kind: "oversized",
    });
    const small = { right: { ...ctl([0, 1, 0]), note: "hi" } };
    const r = validateFrame(small, undefined, stamp, limits);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.state.right).not.toHaveProperty("note");
  });
});
