import { expect, test } from "bun:test";
import { episodeRow, formatEpisodes, unreadableRow } from "./episodeList";

const good = {
  recording_metadata: { task: "from start", operator: "ana" },
  final_metadata: {
    success: "true",
    duration: "12.512",
    frames: "500",
    rate_hz: "39.98",
    cameras: "scene,wrist",
    quality_flags: "",
    task: "put the cube in the bowl",
  },
};

test("a row takes the final labels over the start's, and reads the quality figures", () => {
  expect(episodeRow("success/a.mcap", good)).toEqual({
    file: "success/a.mcap",
    state: "final",
    task: "put the cube in the bowl",
    operator: "ana",
    success: true,
    durationS: 12.512,
    frames: 500,
    rateHz: 39.98,
    cameras: ["scene", "wrist"],
    flags: [],
  });
  // A file from before quality figures: rate from frames / duration, flags unknown.
  const old = episodeRow("failure/b.mcap", {
    final_metadata: { success: "false", duration: "2", frames: "79" },
  });
  expect(old).toMatchObject({ task: "", success: false, rateHz: 39.5, cameras: [], flags: null });
});

test("the table: one line per file, flags or ok, unfinished files said so, a count at the end", () => {
  const flagged = episodeRow("failure/c.mcap", {
    final_metadata: {
      ...good.final_metadata,
      success: "false",
      recovered: "true",
      quality_flags: "low_rate,stale_robot_state",
    },
  });
  const text = formatEpisodes([
    episodeRow("success/a.mcap", good),
    flagged,
    unreadableRow("failure/d.mcap", "unfinished", "no footer"),
  ]);
  const lines = text.split("\n");
  expect(lines[0]).toMatch(
    /^file\s+task\s+success\s+duration s\s+frames\s+rate Hz\s+cameras\s+flags$/,
  );
  expect(lines[1]).toMatch(
    /^success\/a\.mcap\s+put the cube in the bowl\s+yes\s+12\.5\s+500\s+39\.98\s+scene,wrist\s+ok$/,
  );
  expect(lines[2]).toMatch(/no\s.*recovered low_rate,stale_robot_state$/);
  expect(lines[3]).toMatch(/^failure\/d\.mcap\s+-\s+-\s+-\s+-\s+-\s+-\s+UNFINISHED/);
  expect(lines[4]).toBe("3 episodes, 1 without quality flags");
  expect(formatEpisodes([])).toBe("no recordings");
});
