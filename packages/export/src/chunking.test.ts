import { describe, expect, test } from "bun:test";
import { afterExisting, DATA_PATH, formatPath, nextFile, planFiles, VIDEO_PATH } from "./chunking";

const MB = 1024 * 1024;

describe("planFiles", () => {
  test("episodes share a file until the next would reach the cap", () => {
    const plan = planFiles([40 * MB, 50 * MB, 20 * MB, 5 * MB], 100, { chunk: 0, file: 0 });
    expect(plan).toEqual([
      { chunk: 0, file: 0 },
      { chunk: 0, file: 0 },
      { chunk: 0, file: 1 },
      { chunk: 0, file: 1 },
    ]);
  });
  test("an episode larger than the cap still gets a file of its own", () => {
    expect(planFiles([300 * MB, 1, 1], 200, { chunk: 0, file: 0 })).toEqual([
      { chunk: 0, file: 0 },
      { chunk: 0, file: 1 },
      { chunk: 0, file: 1 },
    ]);
  });
  test("a full chunk rolls over to the next chunk folder", () => {
    expect(nextFile({ chunk: 0, file: 999 })).toEqual({ chunk: 1, file: 0 });
    expect(planFiles([3, 3, 3], 0.000004, { chunk: 0, file: 1 }, 2)).toEqual([
      { chunk: 0, file: 1 },
      { chunk: 1, file: 0 },
      { chunk: 1, file: 1 },
    ]);
  });
});

test("paths follow the format's templates", () => {
  expect(formatPath(DATA_PATH, { chunk: 0, file: 12 })).toBe("data/chunk-000/file-012.parquet");
  expect(formatPath(VIDEO_PATH, { chunk: 1, file: 0 }, "observation.images.wrist")).toBe(
    "videos/observation.images.wrist/chunk-001/file-000.mp4",
  );
});

test("afterExisting: the file after the highest one present", () => {
  expect(afterExisting([])).toEqual({ chunk: 0, file: 0 });
  expect(
    afterExisting([
      "data/chunk-000/file-000.parquet",
      "data/chunk-001/file-002.parquet",
      "data/chunk-000/file-007.parquet",
    ]),
  ).toEqual({ chunk: 1, file: 3 });
});
