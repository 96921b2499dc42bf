import { expect, test } from "bun:test";
import { admit } from "./admission";

const first = { remote: "192.168.1.20", connectedAt: 1000, code: "K7QX2M" };

test("the first client drives; a second is refused with who drives and since when", () => {
  expect(admit(undefined, first, undefined)).toEqual({ ok: true });
  const second = admit(first, { remote: "192.168.1.31", connectedAt: 13_400, code: "" }, undefined);
  expect(second.ok).toBe(false);
  if (second.ok) return;
  expect(second.refusal).toBe("busy");
  expect(second.reason).toContain("192.168.1.20");
  expect(second.reason).toContain("12 s ago");
  expect(second.reason).toContain("only one headset drives at a time");
});

test("with pairing on, the right code is admitted whatever its case and spaces", () => {
  expect(admit(undefined, first, "K7QX2M")).toEqual({ ok: true });
  expect(admit(undefined, { ...first, code: " k7qx2m " }, "K7QX2M")).toEqual({ ok: true });
});

test("without the code, or with a wrong one, a client is refused before anything else", () => {
  const none = admit(undefined, { ...first, code: undefined }, "K7QX2M");
  expect(none).toMatchObject({ ok: false, refusal: "pairing" });
  if (!none.ok) expect(none.reason).toContain("not paired");
  const wrong = admit(undefined, { ...first, code: "K7QX2N" }, "K7QX2M");
  expect(wrong).toMatchObject({ ok: false, refusal: "pairing" });
  if (!wrong.ok) expect(wrong.reason).toContain("wrong pairing code");
  // A client without the code does not learn who drives.
  const busy = admit(first, { remote: "10.0.0.9", connectedAt: 5000, code: "AAAAAA" }, "K7QX2M");
  expect(busy).toMatchObject({ ok: false, refusal: "pairing" });
  if (!busy.ok) expect(busy.reason).not.toContain("192.168.1.20");
});

test("with the code, a second client is still refused while another drives", () => {
  const second = admit(first, { remote: "10.0.0.9", connectedAt: 5000, code: "K7QX2M" }, "K7QX2M");
  expect(second).toMatchObject({ ok: false, refusal: "busy" });
});
