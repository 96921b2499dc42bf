import { expect, test } from "bun:test";
import { DeviceClock, PacketTimes, parseMuxerLine, timeBaseOf } from "./packetTimes";

test("ffmpeg's -debug_ts muxer lines give pts and size; other lines nothing", () => {
  expect(
    parseMuxerLine(
      "muxer <- type:video pkt_pts:1 pkt_pts_time:0.0333333 pkt_dts:1 pkt_dts_time:0.0333333 duration:1 duration_time:0.0333333 size:8709",
    ),
  ).toEqual({ pts: 1, ptsTime: 0.0333333, size: 8709 });
  expect(parseMuxerLine("demuxer -> ist_index:0 type:video pkt_pts:1")).toBeUndefined();
  expect(parseMuxerLine("frame=  10 fps=0.0")).toBeUndefined();
});

test("time bases: 1/30 from a test source, microseconds from a v4l2 device", () => {
  expect(timeBaseOf({ pts: 1, ptsTime: 0.0333333, size: 1 })).toBe(30);
  expect(timeBaseOf({ pts: 1796157142998146, ptsTime: 1.79616e9, size: 1 })).toBe(1_000_000);
  expect(timeBaseOf({ pts: 0, ptsTime: 0, size: 1 })).toBeUndefined();
});

test("device clock: wall-clock pts kept; counting pts mapped by the least delayed frame", () => {
  const wall = new DeviceClock();
  expect(wall.map(1_000_000_000_000, 1_000_000_000_020)).toBe(1_000_000_000_000);
  expect(wall.epoch).toBe(true);
  const counting = new DeviceClock();
  const T = 1.796e12;
  expect(counting.map(0, T + 5000)).toBe(T + 5000);
  expect(counting.map(33.3, T + 5040)).toBeCloseTo(T + 5033.3, 3);
  // A frame that arrived quicker moves the mapping earlier, never before the frame sent last.
  expect(counting.map(66.7, T + 5060)).toBeCloseTo(T + 5060, 3);
  expect(counting.map(100, T + 5062)).toBeCloseTo(T + 5062, 3);
  expect(counting.map(133.3, T + 5064)).toBeCloseTo(T + 5064, 3);
  expect(counting.epoch).toBe(false);
  // The input starts over (a looped file): mapped from the new start, not into the past.
  expect(counting.map(0, T + 9000)).toBe(T + 9000);
});

test("frames pair with packet lines by order and size, whichever comes first", () => {
  const p = new PacketTimes();
  const T = 1.796e12;
  const f = (n: number) => new Uint8Array(n);
  expect(p.line({ pts: 0, ptsTime: 0, size: 10 })).toEqual([]);
  const a = p.frame(f(10), T + 1000);
  expect(a.map((x) => [x.t, x.fromPts])).toEqual([[T + 1000, true]]);
  expect(p.frame(f(11), T + 1040)).toEqual([]);
  const b = p.line({ pts: 1, ptsTime: 0.0333333, size: 11 });
  expect(b[0]!.t - T).toBeCloseTo(1033.333, 2);
  // A line whose frame was lost is skipped.
  p.line({ pts: 2, ptsTime: 0.0666667, size: 99 });
  p.line({ pts: 3, ptsTime: 0.1, size: 12 });
  expect(p.frame(f(12), T + 1105)[0]!.t - T).toBeCloseTo(1100, 3);
  expect(p.mismatches).toBe(1);
  // No line at all: after a few frames they go out with their arrival time.
  const out = [
    p.frame(f(1), T + 2000),
    p.frame(f(2), T + 2001),
    p.frame(f(3), T + 2002),
    p.frame(f(4), T + 2003),
  ].flat();
  expect(out.map((x) => [x.t, x.fromPts])).toEqual([[T + 2000, false]]);
});
