import { expect, test } from "bun:test";
import { admit } from "./admission";

test("the first client drives; a second is refused with who drives and since when", () => {
  const first = { remote: "192.168.1.20", connectedAt: 1000 };
  expect(admit(undefined, first)).toEqual({ ok: true });
  const second = admit(first, { remote: "192.168.1.31", connectedAt: 13_400 });
  expect(second.ok).toBe(false);
  if (second.ok) return;
  expect(second.reason).toContain("192.168.1.20");
  expect(second.reason).toContain("12 s ago");
  expect(second.reason).toContain("only one headset drives at a time");
});
