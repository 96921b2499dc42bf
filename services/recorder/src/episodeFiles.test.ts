import { expect, test } from "bun:test";
import { failurePath, successPath, trajectoryFileName } from "./episodeFiles";

test("trajectory_YYYYMMDD_HHMMSS_mmm.mcap in local time", () => {
  const t = new Date(2026, 10, 25, 9, 5, 7, 42).getTime();
  expect(trajectoryFileName(t)).toBe("trajectory_20261125_090507_042.mcap");
  expect(failurePath("/r", t)).toBe("/r/failure/trajectory_20261125_090507_042.mcap");
});

test("success moves to success/ with the duration appended", () => {
  expect(successPath("/r", "/r/failure/trajectory_20261125_090507_042.mcap", 12.34)).toBe(
    "/r/success/trajectory_20261125_090507_042_12.3s.mcap",
  );
});
