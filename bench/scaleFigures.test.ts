import { describe, expect, test } from "bun:test";
import { periodStats } from "./periods";
import { type RigRates, scaleRow, scaleTableRows } from "./scaleFigures";

const series = (hz: number, n: number) => Array.from({ length: n }, (_, i) => (i * 1000) / hz);

const rig = (controlHz: number, recordHz: number, drops = 0): RigRates => ({
  control: periodStats(series(controlHz, 201), 1000 / controlHz),
  recording: { ...periodStats(series(recordHz, 201), 25), drops },
  controlOverruns: 0,
  cpuPercent: { controller: 5 },
});

const cost = {
  cpuPercent: 50,
  natsCpuPercent: 5,
  benchCpuPercent: 3,
  maxRssMb: 70,
  othersCoresBusy: 0.5,
};

describe("scaleRow", () => {
  test("the worst rig decides; every rig at target holds", () => {
    const row = scaleRow(2, 200, [rig(200, 40), rig(200, 40)], cost);
    expect(row.worstControlHz).toBeCloseTo(200, 9);
    expect(row.controlSlips).toBe(false);
    expect(row.recordingSlips).toBe(false);
    expect(scaleTableRows([row])[0]!.at(-1)).toBe("holds");
  });

  test("one rig 3 % short on control slips (the bound is 2 %)", () => {
    const row = scaleRow(2, 200, [rig(200, 40), rig(194, 40)], cost);
    expect(row.worstControlHz).toBeCloseTo(194, 9);
    expect(row.medianControlHz).toBeCloseTo(194, 9);
    expect(
      scaleRow(3, 200, [rig(200, 40), rig(194, 40), rig(198, 40)], cost).medianControlHz,
    ).toBeCloseTo(198, 9);
    expect(row.controlSlips).toBe(true);
    expect(row.recordingSlips).toBe(false);
  });

  test("any recording drop is a slip, and drops add up over rigs", () => {
    const row = scaleRow(2, 40, [rig(40, 40, 1), rig(40, 40, 2)], cost);
    expect(row.recordDrops).toBe(3);
    expect(row.recordingSlips).toBe(true);
    expect(scaleTableRows([row])[0]!.at(-1)).toBe("recording slips");
  });
});
