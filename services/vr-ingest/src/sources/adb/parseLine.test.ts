import { describe, expect, test } from "bun:test";
import { controllerAt } from "../../../../../test/support/fixtures";
import { extractPayload, parseLine, rowMajorToPose } from "./parseLine";

const S = Math.SQRT1_2;
// %g output, each number followed by one space, as the APK prints it.
const RIGHT_ROT_Y90 = "r:0 0 1 0.1 0 1 0 0.2 -1 0 0 -0.3 0 0 0 1 ";
const LEFT_IDENTITY_G = "l:1 -0 0 -0.1 0 1 1e-05 0.2 -0 -1e-05 1 -0.3 0 0 0 1 ";
const BUTTONS_BOTH =
  "R,A,RG,rightJS 0.000000 -0.500000,rightTrig 0.250000,rightGrip 1.000000,L,Y,LThU,leftJS 0.100000 0.000000,leftTrig 0.000000,leftGrip 0.000000";
const REAL = `${RIGHT_ROT_Y90}|${LEFT_IDENTITY_G}&${BUTTONS_BOTH}`;

describe("extractPayload", () => {
  test("raw lines pass through; threadtime lines are cut after the tag; logcat banners dropped", () => {
    expect(extractPayload(REAL)).toBe(REAL);
    expect(extractPayload(`11-25 13:15:02.123  1234  1250 I wE9ryARX: ${REAL}\r`)).toBe(REAL);
    expect(extractPayload("--------- beginning of main")).toBeUndefined();
    expect(extractPayload("   ")).toBeUndefined();
  });
});

describe("parseLine", () => {
  test("the REFERENCE example line", () => {
    const line =
      "r:1 0 0 0.1 0 1 0 0.2 0 0 1 -0.3 0 0 0 1 |l:1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1 &R,A,RG,rightJS 0.000000 0.000000,rightTrig 0.250000,rightGrip 1.000000,L,leftJS 0.000000 0.000000,leftTrig 0.000000,leftGrip 0.000000";
    const r = parseLine(line);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.right).toEqual(
      controllerAt([0.1, 0.2, -0.3], {
        trigger: 0.25,
        grip: 1,
        buttons: { primary: true, grip: true },
      }),
    );
    expect(r.left?.pose.position).toEqual([0, 0, 0]);
    expect(r.left?.buttons.primary).toBe(false);
  });

  test("rotation and %g numbers (1e-05, -0) become the right pose; Y is left secondary", () => {
    const r = parseLine(REAL);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 90 degrees about +Y: q = (0, sin 45, 0, cos 45).
    const q = r.right!.pose.orientation;
    expect(q[0]).toBeCloseTo(0, 9);
    expect(q[1]).toBeCloseTo(S, 9);
    expect(q[2]).toBeCloseTo(0, 9);
    expect(q[3]).toBeCloseTo(S, 9);
    expect(r.right!.joystick).toEqual([0, -0.5]);
    const l = r.left!;
    expect(l.pose.position).toEqual([-0.1, 0.2, -0.3]);
    expect(l.pose.orientation[3]).toBeCloseTo(1, 9);
    // A 1e-05 rad tilt about x: q.x = (R[2][1] - R[1][2]) / 4w = (-1e-05 - 1e-05) / 4.
    expect(l.pose.orientation[0]).toBeCloseTo((-1e-5 - 1e-5) / 4, 9);
    expect(l.buttons.secondary).toBe(true);
    expect(l.joystick).toEqual([0.1, 0]);
  });

  test("a missing side is absent; a side with a pose but no buttons has everything released", () => {
    const onlyRight = parseLine(`${RIGHT_ROT_Y90}&R,B,rightTrig 1.000000`);
    expect(onlyRight.ok).toBe(true);
    if (!onlyRight.ok) return;
    expect(onlyRight.left).toBeUndefined();
    expect(onlyRight.right?.buttons.secondary).toBe(true);
    expect(onlyRight.right?.trigger).toBe(1);
    const noButtons = parseLine(`${LEFT_IDENTITY_G}&R,A`);
    expect(noButtons.ok).toBe(true);
    if (!noButtons.ok) return;
    expect(noButtons.right).toBeUndefined();
    expect(noButtons.left).toMatchObject({ trigger: 0, grip: 0, joystick: [0, 0] });
    expect(Object.values(noButtons.left!.buttons).some(Boolean)).toBe(false);
    const nothing = parseLine("&");
    expect(nothing).toEqual({ ok: true });
  });

  test("trigger, grip and stick clicks map to the contract's buttons; thumb-up is ignored", () => {
    const r = parseLine(`${RIGHT_ROT_Y90}|${LEFT_IDENTITY_G}&R,RTr,RJ,RThU,L,X,LTr,LG,LJ`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.right!.buttons).toEqual({
      primary: false,
      secondary: false,
      grip: false,
      trigger: true,
      joystick: true,
      menu: false,
    });
    expect(r.left!.buttons).toEqual({
      primary: true,
      secondary: false,
      grip: true,
      trigger: true,
      joystick: true,
      menu: false,
    });
  });

  test("wrong counts are rejected as count", () => {
    expect(parseLine("r:1 0 0 0.1 0 1 0 0.2 0 0 1 -0.3 0 0 0 &R")).toMatchObject({
      ok: false,
      kind: "count",
      reason: "right transform has 15 numbers, expected 16",
    });
    expect(parseLine(`${RIGHT_ROT_Y90}1 &R`)).toMatchObject({ ok: false, kind: "count" });
    expect(parseLine(`${RIGHT_ROT_Y90}&R,rightJS 0.5`)).toMatchObject({ ok: false, kind: "count" });
  });

  test("garbage is rejected with a reason, never thrown", () => {
    const bad = [
      ["garbage", "malformed"],
      ["", "malformed"],
      [`${RIGHT_ROT_Y90}&R&L`, "malformed"],
      [`x:1 2 3&R`, "malformed"],
      [`${RIGHT_ROT_Y90}|${RIGHT_ROT_Y90}&R`, "malformed"],
      ["r:1 0 0 nan 0 1 0 0 0 0 1 0 0 0 0 1 &R", "number"],
      ["r:1 0 0 inf 0 1 0 0 0 0 1 0 0 0 0 1 &R", "number"],
      ["r:1 0 0 0x10 0 1 0 0 0 0 1 0 0 0 0 1 &R", "number"],
      [`${RIGHT_ROT_Y90}&R,rightTrig abc`, "number"],
      [`${RIGHT_ROT_Y90}&R,#$%`, "malformed"],
      ["r:2 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1 &R", "rotation"],
      ["r:0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 &R", "rotation"],
    ] as const;
    for (const [line, kind] of bad) {
      const r = parseLine(line);
      expect(r).toMatchObject({ ok: false, kind });
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
    }
  });

  test("huge but well-formed numbers parse; the frame validator judges their range", () => {
    const r = parseLine("r:1 0 0 1e+30 0 1 0 0 0 0 1 0 0 0 0 1 &R,rightTrig 7");
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.right!.pose.position[0]).toBe(1e30);
      expect(r.right!.trigger).toBe(7);
    }
  });

  test("tokens of a newer APK are skipped", () => {
    const r = parseLine(`${RIGHT_ROT_Y90}&R,A,RThumbRest,rightBattery 0.8`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.right!.buttons.primary).toBe(true);
  });
});

test("rowMajorToPose takes translation from indices 3, 7, 11", () => {
  const p = rowMajorToPose([0, -1, 0, 1, 1, 0, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1]);
  expect(p?.position).toEqual([1, 2, 3]);
  // 90 degrees about +Z.
  expect(p?.orientation[2]).toBeCloseTo(S, 9);
  expect(p?.orientation[3]).toBeCloseTo(S, 9);
});
