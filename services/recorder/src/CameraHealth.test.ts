import { expect, test } from "bun:test";
import { CameraHealth } from "./CameraHealth";

test("per-camera counts, last refusal reason and frame age", () => {
  const h = new CameraHealth();
  h.accepted("wrist", "image", 1000);
  h.accepted("wrist", "depth", 1000);
  h.accepted("scene", "info", 1000);
  h.refused("wrist", "no JPEG EOI marker");
  expect(h.detail(1250)).toEqual({
    scene: { frames: 0, depth: 0, infos: 1, refused: 0, lastReason: undefined, frameAgeMs: null },
    wrist: {
      frames: 1,
      depth: 1,
      infos: 0,
      refused: 1,
      lastReason: "no JPEG EOI marker",
      frameAgeMs: 250,
    },
  });
});

test("a flood of refusals logs once a second per key, saying how many were not logged", () => {
  const h = new CameraHealth();
  expect(h.logNow("scene/jpeg", 0)).toEqual({ log: true, suppressed: 0 });
  for (let t = 10; t < 1000; t += 10) expect(h.logNow("scene/jpeg", t).log).toBe(false);
  expect(h.logNow("wrist/jpeg", 500)).toEqual({ log: true, suppressed: 0 });
  expect(h.logNow("scene/jpeg", 1000)).toEqual({ log: true, suppressed: 99 });
});
