import { expect, test } from "bun:test";
import { DeviceClock, nearestPts } from "./packetTimes";

const T = 1.796e12;
const low32 = (ms: number) => ms % 2 ** 32;

test("a wall-clock pts comes back whole from its low 32 bits, on either side of a wrap", () => {
  expect(nearestPts(low32(T), T + 20)).toBe(T);
  expect(nearestPts(low32(T + 15), T - 5)).toBe(T + 15);
  const wrap = Math.ceil(T / 2 ** 32) * 2 ** 32;
  expect(nearestPts(low32(wrap - 10), wrap + 30)).toBe(wrap - 10);
  expect(nearestPts(low32(wrap + 10), wrap - 30)).toBe(wrap + 10);
});

test("device clock: wall-clock pts kept; counting pts mapped by the least delayed frame", () => {
  const wall = new DeviceClock();
  expect(wall.map(low32(T), T + 20)).toBe(T);
  expect(wall.epoch).toBe(true);
  // Kept whole even when a frame arrives later than the window would allow a first frame.
  expect(wall.map(low32(T + 33), T + 60_000)).toBe(T + 33);
  const counting = new DeviceClock();
  expect(counting.map(0, T + 5000)).toBe(T + 5000);
  expect(counting.map(33, T + 5040)).toBe(T + 5033);
  // A frame that arrived quicker moves the mapping earlier, never before the frame sent last.
  expect(counting.map(67, T + 5060)).toBe(T + 5060);
  expect(counting.map(100, T + 5062)).toBeCloseTo(T + 5062, 3);
  expect(counting.map(133, T + 5064)).toBeCloseTo(T + 5064, 3);
  expect(counting.epoch).toBe(false);
  // The input starts over (a looped file): mapped from the new start, not into the past.
  expect(counting.map(0, T + 9000)).toBe(T + 9000);
});
