import { expect, test } from "bun:test";
import { formatBytes, formatSummary } from "./format";

test("formatBytes", () => {
  expect(formatBytes(512)).toBe("512 B");
  expect(formatBytes(1536)).toBe("1.5 KiB");
  expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MiB");
});

test("formatSummary: sizes, real-time factor and skipped files", () => {
  const text = formatSummary({
    out: "/d",
    appended: false,
    fps: 30,
    episodes: [{ episodeIndex: 0, source: "a", task: "t", frames: 900, lags: {} }],
    skipped: [{ path: "b.mcap", reason: "not valid: x" }],
    totalEpisodes: 1,
    totalFrames: 900,
    sizeBytes: 2048,
    seconds: 6,
  });
  expect(text).toBe(
    [
      "dataset /d (new): 1 episodes, 900 frames, 2.0 KiB",
      "exported 1 episode(s), 30.0 s of recording at 30 fps in 6.0 s (5.0x real time)",
      "skipped 1 file(s):",
      "  b.mcap: not valid: x",
    ].join("\n"),
  );
});
