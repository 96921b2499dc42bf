import { expect, test } from "bun:test";
import { decode, decodeAny } from "@teleop/shared/codec";
import { mulberry32 } from "@teleop/shared/prng";
import { subjects } from "@teleop/shared/subjects";
import { BAD_KINDS, badPayloads, targets } from "./badInput";

const all = targets(subjects("teleop"), 1_700_000_000_000);

test("every subject a service reads is a target, each with a valid example", () => {
  const s = subjects("teleop");
  const names = all.map((t) => t.subject);
  for (const subject of [
    s.vrState,
    s.robotCommand,
    s.robotState,
    s.controlStatus,
    s.events,
    s.controlCalibrate,
    s.recorderStart,
    s.recorderSave,
    s.recorderDiscard,
    s.recorderStatus,
  ]) {
    expect(names).toContain(subject);
  }
  for (const t of all) expect(t.type.check(t.valid)).toBe(true);
});

test("each kind gives payloads for every target, and none is a valid message", () => {
  for (const kind of BAD_KINDS) {
    for (const t of all) {
      const payloads = badPayloads(kind, t);
      expect(payloads.length).toBeGreaterThanOrEqual(kind === "fuzz" ? 20 : 2);
      for (const p of payloads) expect(decode(t.type, p).ok).toBe(false);
    }
  }
});

test("non-finite payloads carry NaN or infinity (rejected as nonfinite) or 1e308 (out of bounds)", () => {
  const vr = all[0]!;
  const kinds = new Set(
    badPayloads("nonFinite", vr).map((p) => {
      const r = decode(vr.type, p);
      return r.ok ? "ok" : r.kind;
    }),
  );
  expect([...kinds].sort()).toEqual(["invalid", "nonfinite"]);
});

test("wrong types include a position given as a string and a message that is not an object", () => {
  const vr = all[0]!;
  const values = badPayloads("wrongTypes", vr).map((p) => {
    const r = decodeAny(p);
    return r.ok ? r.value : undefined;
  });
  expect(values).toContain("a string");
  expect(
    values.some(
      (v) =>
        typeof v === "object" &&
        v !== null &&
        (v as { right?: { pose?: { position?: unknown } } }).right?.pose?.position === "x",
    ),
  ).toBe(true);
});

test("fuzz is reproducible from its seed and differs between seeds", () => {
  const t = all[1]!;
  expect(badPayloads("fuzz", t, 7)).toEqual(badPayloads("fuzz", t, 7));
  expect(badPayloads("fuzz", t, 7)).not.toEqual(badPayloads("fuzz", t, 8));
  const r = mulberry32(1);
  const xs = Array.from({ length: 1000 }, r);
  expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...xs)).toBeLessThan(1);
});
