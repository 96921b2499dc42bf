import { describe, expect, test } from "bun:test";
import { publishedVsFile, type SeenFrame } from "./cameraLoss";

const frames = (seqs: number[]): SeenFrame[] => seqs.map((seq) => ({ seq, t: 1000 + seq * 33.3 }));
const times = (fs: SeenFrame[]) => fs.map((f) => f.t);

describe("publishedVsFile", () => {
  test("every published frame in the file: none lost", () => {
    const seen = frames([0, 1, 2, 3, 4]);
    expect(publishedVsFile(seen, times(seen), 0)).toEqual({
      published: 5,
      seenOnBus: 5,
      inFile: 5,
      lost: 0,
    });
  });

  test("a frame the bench missed on the bus but the file holds is not lost", () => {
    const all = frames([0, 1, 2, 3, 4]);
    const seen = all.filter((f) => f.seq !== 2);
    const r = publishedVsFile(seen, times(all), 0);
    expect(r).toMatchObject({ published: 5, seenOnBus: 4, inFile: 5, lost: 0 });
  });

  test("a frame no subscriber saw and the file lacks counts as lost (the seq says it was published)", () => {
    const all = frames([0, 1, 2, 3, 4]);
    const seen = all.filter((f) => f.seq !== 2);
    const r = publishedVsFile(seen, times(seen), 0);
    expect(r).toMatchObject({ published: 5, inFile: 4, lost: 1 });
  });

  test("recorded frames outside the measured span and frames before the episode are not counted", () => {
    const all = frames([0, 1, 2, 3, 4, 5, 6]);
    const seen = all.filter((f) => f.seq >= 1 && f.seq <= 5);
    const start = all[2]!.t;
    const r = publishedVsFile(seen, times(all), start);
    expect(r).toEqual({ published: 4, seenOnBus: 4, inFile: 4, lost: 0 });
  });

  test("frames in flight when the episode opened or was saved (outside the file's first..last) are not counted", () => {
    const all = frames([0, 1, 2, 3, 4, 5, 6]);
    const r = publishedVsFile(all, times(all.slice(2, 5)), 0);
    expect(r).toEqual({ published: 3, seenOnBus: 3, inFile: 3, lost: 0 });
  });

  test("a camera with no frame in the file lost every frame it published", () => {
    const seen = frames([3, 4, 5]);
    expect(publishedVsFile(seen, [], 0)).toMatchObject({ published: 3, inFile: 0, lost: 3 });
  });

  test("capture times match across the recording's nanosecond rounding", () => {
    const t = 1_764_000_000_123.25;
    const seen = [{ seq: 7, t }];
    const r = publishedVsFile(seen, [t + 0.0002], 0);
    expect(r.lost).toBe(0);
  });

  test("nothing seen: nothing to judge", () => {
    expect(publishedVsFile([], [1, 2], 0)).toEqual({
      published: 0,
      seenOnBus: 0,
      inFile: 0,
      lost: 0,
    });
  });
});
