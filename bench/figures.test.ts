import { describe, expect, test } from "bun:test";
import type { CommandRow, StateRow, StatusRow } from "./BusTap";
import {
  controlFigures,
  hopFigures,
  recordingFigures,
  robotFigures,
  vrToCommand,
  vrToCommandSplit,
} from "./figures";
import { hopSample, readStamp, writeStamp } from "./HopProbe";

const cmd = (t: number, vrT: number | null, mode = "realtime", movement = true): CommandRow => ({
  t,
  vrT,
  mode,
  movement,
  arrival: t + 1,
});

describe("vrToCommand", () => {
  test("is command.t - vrT over the window, skipping commands without VR", () => {
    const rows = [cmd(990, 980), cmd(1000, 990), cmd(1025, 1005), cmd(1050, null), cmd(2000, 1)];
    const s = vrToCommand(rows, { from: 1000, to: 1100 });
    expect(s.n).toBe(2);
    expect(s.min).toBe(10);
    expect(s.max).toBe(20);
  });
});

describe("vrToCommandSplit", () => {
  test("sampling is tick - VR arrival, the rest is arrival of the command - tick", () => {
    const rows = [cmd(1000, 990), cmd(1025, 1015), cmd(1050, 1049)];
    const arrival = new Map([
      [990, 991],
      [1015, 1016.5],
    ]);
    const s = vrToCommandSplit(rows, arrival, { from: 1000, to: 1100 });
    // The third VR sample never reached the tap: no sampling figure for it.
    expect(s.samplingMs.n).toBe(2);
    expect(s.samplingMs.min).toBe(8.5);
    expect(s.samplingMs.max).toBe(9);
    expect(s.tickToArrivalMs.n).toBe(3);
    expect(s.tickToArrivalMs.max).toBe(1);
  });
});

describe("controlFigures", () => {
  test("rate from command times, mode shares from status", () => {
    const commands = [0, 25, 50, 75].map((t) => cmd(1000 + t, null, "predictive", t >= 50));
    const statuses: StatusRow[] = [
      { t: 1000, mode: "idle" },
      { t: 1025, mode: "predictive" },
      { t: 1050, mode: "predictive" },
      { t: 1075, mode: "realtime" },
    ];
    const c = controlFigures(commands, statuses, { from: 1000, to: 1075 }, 25);
    expect(c.hz).toBeCloseTo(40, 10);
    expect(c.predictiveShare).toBe(0.5);
    expect(c.realtimeShare).toBe(0.25);
    expect(c.idleShare).toBe(0.25);
    expect(c.movementShare).toBe(0.5);
  });
});

describe("robotFigures", () => {
  test("counts states in the window and finds the longest silence, edges included", () => {
    const states: StateRow[] = [
      { t: 0, rttMs: 150, arrival: 1100 },
      { t: 0, rttMs: 160, arrival: 1250 },
      { t: 0, rttMs: null, arrival: 1400 },
      { t: 0, rttMs: 999, arrival: 5000 },
    ];
    const r = robotFigures(states, { from: 1000, to: 2000 });
    expect(r.states).toBe(3);
    expect(r.hz).toBe(3);
    // Silences: 100, 150, 150, then 600 until the window ends.
    expect(r.maxGapMs).toBe(600);
    expect(r.maxGapStartS).toBeCloseTo(0.4, 9);
    expect(r.rttMs.n).toBe(2);
    expect(r.rttMs.max).toBe(160);
  });
});

describe("recordingFigures", () => {
  test("drops are missing ticks plus the recorder's queue drops; bytes per second over the span", () => {
    const frames = {
      path: "x.mcap",
      bytes: 60_000,
      messages: 100,
      // 0..1000 ms at 25 ms with the tick at 500 ms missing.
      frameTimesMs: Array.from({ length: 41 }, (_, i) => i * 25).filter((t) => t !== 500),
      finalMetadata: {},
      recordingMetadata: {},
      cameraTimesMs: {},
      chunks: 2,
      indexBytes: 900,
    };
    const r = recordingFigures(frames, 25, 2);
    expect(r.n).toBe(40);
    expect(r.expected).toBe(41);
    expect(r.missed).toBe(1);
    expect(r.drops).toBe(3);
    expect(r.bytesPerS).toBeCloseTo(60_000, 6);
  });
});

describe("bus hop", () => {
  test("legs of a ping from its three times", () => {
    expect(hopSample(100, 100.4, 101)).toEqual({
      rttMs: 1,
      forwardMs: expect.closeTo(0.4, 10),
      backMs: expect.closeTo(0.6, 10),
    });
    const h = hopFigures([hopSample(0, 0.3, 1), hopSample(10, 10.5, 13)]);
    expect(h.hopMs.min).toBe(0.5);
    expect(h.hopMs.max).toBe(1.5);
  });

  test("the echo stamp survives the wire, also from a view into a larger buffer", () => {
    const t = 1_764_000_000_123.456;
    const wire = writeStamp(t);
    const padded = new Uint8Array(20);
    padded.set(wire, 5);
    expect(readStamp(wire)).toBe(t);
    expect(readStamp(padded.subarray(5, 13))).toBe(t);
    expect(() => readStamp(new Uint8Array(3))).toThrow(/3 bytes/);
  });
});
