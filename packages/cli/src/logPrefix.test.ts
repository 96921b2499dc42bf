import { expect, test } from "bun:test";
import { colourFor, LineSplitter, prefixLine, useColour } from "./logPrefix";

test("lines carry the padded service name, coloured only when asked", () => {
  expect(prefixLine("recorder", 12, "ready")).toBe("recorder     | ready");
  expect(prefixLine("nats", 4, "x", 36)).toBe("\x1b[36mnats |\x1b[0m x");
  expect(colourFor(0)).not.toBe(colourFor(1));
});

test("colour follows the terminal, NO_COLOR and FORCE_COLOR", () => {
  expect(useColour(true, {})).toBe(true);
  expect(useColour(false, {})).toBe(false);
  expect(useColour(true, { NO_COLOR: "1" })).toBe(false);
  expect(useColour(false, { FORCE_COLOR: "1" })).toBe(true);
});

test("the splitter yields whole lines across chunk boundaries, including split UTF-8", () => {
  const s = new LineSplitter();
  const enc = new TextEncoder();
  expect(s.push(enc.encode("ab\ncd"))).toEqual(["ab"]);
  const mu = enc.encode("µ\r\n");
  expect(s.push(mu.slice(0, 1))).toEqual([]);
  expect(s.push(mu.slice(1))).toEqual(["cdµ"]);
  expect(s.push(enc.encode("tail"))).toEqual([]);
  expect(s.flush()).toEqual(["tail"]);
  expect(s.flush()).toEqual([]);
});
