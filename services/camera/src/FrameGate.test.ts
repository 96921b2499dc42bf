import { expect, test } from "bun:test";
import { FrameGate } from "./FrameGate";

const jpeg = (n = 100) => {
  const b = new Uint8Array(n);
  b.set([0xff, 0xd8], 0);
  b.set([0xff, 0xd9], n - 2);
  return b;
};

test("a whole JPEG in time and within the limit passes; corrupt, oversized and late ones do not", () => {
  const g = new FrameGate({ fps: 30, maxBytes: 1000 });
  expect(g.check(jpeg(), 1000, 1000)).toBeUndefined();
  expect(g.check(jpeg().subarray(1), 1040, 1040)?.kind).toBe("corrupt");
  expect(g.check(jpeg().subarray(0, 99), 1040, 1040)?.kind).toBe("corrupt");
  expect(g.check(jpeg(1001), 1040, 1040)).toMatchObject({
    kind: "oversized",
    reason: "frame of 1001 bytes is over the 1000-byte limit",
  });
  expect(g.check(jpeg(), 1000, 1040)?.kind).toBe("time");
  expect(g.check(jpeg(), Number.NaN, 1040)?.kind).toBe("time");
  expect(g.check(jpeg(), 1033, 1040)).toBeUndefined();
});

test("a flood is cut to 1.5 x the camera's rate after a half-second burst", () => {
  const g = new FrameGate({ fps: 30, maxBytes: 1e6 });
  let passed = 0;
  let flood = 0;
  // 300 fps for 2 s.
  for (let i = 0; i < 600; i++) {
    const r = g.check(jpeg(), 1000 + i * 3.33, 1000 + i * 3.33);
    if (!r) passed++;
    else if (r.kind === "flood") flood++;
  }
  expect(passed).toBeGreaterThanOrEqual(15 + 85);
  expect(passed).toBeLessThanOrEqual(15 + 91);
  expect(flood).toBe(600 - passed);
  // A steady 30 fps camera never loses a frame.
  const steady = new FrameGate({ fps: 30, maxBytes: 1e6 });
  for (let i = 0; i < 300; i++)
    expect(steady.check(jpeg(), i * 33.3 + 1, i * 33.3 + 1)).toBeUndefined();
});

test("depth must hold width x height 16-bit pixels", () => {
  const g = new FrameGate({ fps: 30, maxBytes: 1e6 });
  expect(g.checkDepth(new Uint8Array(4 * 3 * 2), 4, 3)).toBeUndefined();
  expect(g.checkDepth(new Uint8Array(4 * 3), 4, 3)?.kind).toBe("depth");
});
