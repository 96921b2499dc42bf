import { expect, test } from "bun:test";
import { formatRecorderReply } from "./recorderFormat";

test("a reply lists what the recorder said", () => {
  expect(
    formatRecorderReply({
      ok: true,
      recording: true,
      path: "recordings/failure/t.mcap",
      frames: 120,
      durationS: 3.04,
    }),
  ).toBe("ok  recording  path=recordings/failure/t.mcap  frames=120  duration=3.0s");
  expect(
    formatRecorderReply({
      ok: true,
      recording: false,
      path: "s.mcap",
      task: "put the cube in the bowl",
      saveMs: 41.6,
    }),
  ).toBe('ok  not recording  path=s.mcap  task="put the cube in the bowl"  final in 42 ms');
  expect(formatRecorderReply({ ok: false, recording: false, error: "not recording" })).toBe(
    "failed  not recording  error: not recording",
  );
});
