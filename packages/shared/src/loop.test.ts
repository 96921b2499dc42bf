import { expect, test } from "bun:test";
import { FixedRateLoop } from "./loop";

test("runs at 40 Hz within 2 % over 2 s on an absolute schedule, one wakeup a tick", async () => {
  let ticks = 0;
  const loop = new FixedRateLoop({ name: "t", hz: 40, onTick: () => void ticks++ });
  const start = performance.now();
  loop.start();
  await Bun.sleep(2000);
  await loop.stop();
  const elapsed = (performance.now() - start) / 1000;
  const r = loop.report();
  expect(Math.abs(ticks / elapsed - 40) / 40).toBeLessThan(0.02);
  expect(Math.abs(r.hz - 40) / 40).toBeLessThan(0.02);
  expect(r.ticks).toBe(ticks);
  // An unrounded delay fired over 0.5 ms early on about a quarter of the ticks.
  expect(r.earlyFires).toBeLessThanOrEqual(Math.ceil(r.ticks * 0.05));
});

test("a tick that overruns skips the missed slots and counts them", async () => {
  let ticks = 0;
  const loop = new FixedRateLoop({
    name: "slow",
    hz: 100,
    onTick: async ({ index }) => {
      ticks++;
      if (index === 2) await Bun.sleep(55);
    },
  });
  loop.start();
  await Bun.sleep(300);
  await loop.stop();
  const r = loop.report();
  expect(r.overruns).toBeGreaterThanOrEqual(4);
  expect(ticks + r.overruns).toBeGreaterThan(25);
});

test("each tick's work is timed, start to finish, and its p99 is in the health stats", async () => {
  const loop = new FixedRateLoop({
    name: "work",
    hz: 20,
    onTick: ({ index }) => {
      // Every fourth tick works 12 ms, the others 3 ms.
      const until = performance.now() + (index % 4 === 3 ? 12 : 3);
      while (performance.now() < until);
    },
  });
  loop.start();
  await Bun.sleep(1000);
  await loop.stop();
  const r = loop.report();
  expect(r.workMs.n).toBe(r.ticks);
  expect(r.workMs.min).toBeGreaterThanOrEqual(3);
  expect(r.workMs.p50).toBeLessThan(12);
  expect(r.workMs.max).toBeGreaterThanOrEqual(12);
  expect(loop.stats().workP99Ms).toBe(r.workMs.p99);
  expect(r.workMs.p99).toBeGreaterThanOrEqual(12);
});

test("an error in a tick is reported and the loop keeps going", async () => {
  const errors: unknown[] = [];
  let ticks = 0;
  const loop = new FixedRateLoop({
    name: "e",
    hz: 100,
    onTick: () => {
      ticks++;
      if (ticks === 1) throw new Error("boom");
    },
    onError: (e) => errors.push(e),
  });
  loop.start();
  await Bun.sleep(100);
  await loop.stop();
  expect(errors).toHaveLength(1);
  expect(ticks).toBeGreaterThan(3);
});

test("shift moves every later slot, not the tick in progress", async () => {
  const scheduled: number[] = [];
  const loop = new FixedRateLoop({
    name: "shifted",
    hz: 50,
    onTick: ({ index, scheduled: at }) => {
      scheduled.push(at);
      if (index === 2) loop.shift(7.5);
      if (index === 4) loop.shift(-3);
    },
  });
  loop.start();
  await Bun.sleep(200);
  await loop.stop();
  const gaps = scheduled.slice(1, 7).map((t, i) => t - scheduled[i]!);
  expect(gaps.map((g) => Math.round(g * 10) / 10)).toEqual([20, 20, 27.5, 20, 17, 20]);
  expect(loop.report().overruns).toBe(0);
});
