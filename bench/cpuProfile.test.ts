import { describe, expect, test } from "bun:test";
import { type CpuProfile, summarizeProfile } from "./cpuProfile";

const frame = (functionName: string, url = "file:///work/main/bench/x.ts", lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

// root -> tick -> publish -> write, and root -> tick -> law; a recursive frame counts once.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)", ""), children: [2] },
    {
      id: 2,
      callFrame: frame("tick", "file:///work/main/services/c/src/main.ts", 9),
      children: [3, 5],
    },
    { id: 3, callFrame: frame("publish"), children: [4] },
    { id: 4, callFrame: frame("writeBuffered", ""), children: [6] },
    { id: 5, callFrame: frame("law") },
    { id: 6, callFrame: frame("writeBuffered", "") },
  ],
  samples: [4, 4, 4, 5, 2, 6],
};

describe("summarizeProfile", () => {
  const s = summarizeProfile(profile);

  test("self counts the top frame of each sample", () => {
    expect(s.samples).toBe(6);
    expect(s.self[0]).toEqual({ name: "writeBuffered [native]", samples: 4, share: 4 / 6 });
    expect(s.self.find((f) => f.name.startsWith("law"))?.samples).toBe(1);
  });

  test("inclusive counts each function once per sample, however deep it recurs", () => {
    const tick = s.inclusive.find((f) => f.name.startsWith("tick"));
    expect(tick).toEqual({ name: "tick services/c/src/main.ts:10", samples: 6, share: 1 });
    expect(s.inclusive.find((f) => f.name.startsWith("writeBuffered"))?.samples).toBe(4);
    expect(s.inclusive.find((f) => f.name.startsWith("publish"))?.samples).toBe(4);
  });
});

describe("summarizeProfile with skipped seconds", () => {
  test("leaves out the samples taken before the skip (start-up)", () => {
    // Samples at 0.5 s, 1.0 s, 1.5 s, 2.5 s, 3.0 s, 3.5 s.
    const timed = {
      ...profile,
      timeDeltas: [500_000, 500_000, 500_000, 1_000_000, 500_000, 500_000],
    };
    const s = summarizeProfile(timed, 2);
    expect(s.samples).toBe(3);
    expect(s.self.map((f) => [f.name.split(" ")[0], f.samples])).toEqual([
      ["law", 1],
      ["tick", 1],
      ["writeBuffered", 1],
    ]);
  });
});
