import { describe, expect, test } from "bun:test";
import { PHASE_LOCK_MAX_STEP_MS, PhaseLock } from "./PhaseLock";

/** A seeded uniform in [0, 1): runs repeat exactly. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Run {
  vrHz: number;
  /** Where the first VR sample arrives after the first tick, ms. */
  phaseMs: number;
  seconds: number;
  lock?: PhaseLock;
  /** Arrival delays and tick lateness are drawn in [0, jitterMs). */
  jitterMs?: number;
  /** VR silent over this span of seconds (the headset taken off). */
  gap?: [number, number];
  /** The VR stream's phase jumps by this much after the gap, ms. */
  phaseAfterGapMs?: number;
}

/**
 * A 40 Hz loop on an absolute schedule that the lock moves, reading the newest
 * of a VR stream's samples: the age of the sample each tick used, in the last
 * quarter of the run (after the lock has settled), and every move it was given.
 */
function simulate(r: Run): { ages: number[]; steps: number[] } {
  const rand = random(7);
  const jitter = r.jitterMs ?? 0;
  const vrPeriod = 1000 / r.vrHz;
  const endMs = r.seconds * 1000;
  const arrivals: number[] = [];
  for (let k = 0; ; k++) {
    const at = k * vrPeriod + r.phaseMs;
    if (at > endMs) break;
    const s = at / 1000;
    if (r.gap && s >= r.gap[0] && s < r.gap[1]) continue;
    const shifted = r.gap && s >= r.gap[1] ? (r.phaseAfterGapMs ?? 0) : 0;
    arrivals.push(at + shifted + rand() * jitter);
  }
  arrivals.sort((a, b) => a - b);
  const ages: number[] = [];
  const steps: number[] = [];
  let offset = 0;
  let next = 0;
  let newest: number | undefined;
  for (let n = 0; ; n++) {
    const now = n * 25 + offset + rand() * jitter;
    if (now > endMs) break;
    while (next < arrivals.length && arrivals[next]! <= now) newest = arrivals[next++];
    const age = newest === undefined || now - newest > 100 ? undefined : now - newest;
    if (now > endMs * 0.75 && age !== undefined) ages.push(age);
    if (r.lock) {
      const step = r.lock.tick(age);
      steps.push(step);
      offset += step;
    }
  }
  return { ages, steps };
}

const lock = (targetMs = 0.5) => new PhaseLock({ targetMs, maxAgeMs: 100 });
const oldest = (ages: number[]) => Math.max(...ages);

describe("PhaseLock", () => {
  test("50 Hz into 40 Hz: every starting phase ends with its oldest sample 15 ms plus the target", () => {
    for (const phaseMs of [0.2, 1, 2.5, 4, 4.9, 7, 13, 19.5]) {
      const free = simulate({ vrHz: 50, phaseMs, seconds: 10 });
      const locked = simulate({ vrHz: 50, phaseMs, seconds: 10, lock: lock() });
      expect(oldest(locked.ages)).toBeCloseTo(15.5, 1);
      expect(Math.min(...locked.ages)).toBeCloseTo(0.5, 1);
      // Left alone, the oldest is 15 ms plus wherever the phases met, up to 20.
      expect(oldest(free.ages)).toBeCloseTo(15 + ((25 - phaseMs) % 5), 1);
    }
  });

  test("72 and 90 Hz: the oldest sample is one lattice step under a VR period, plus the target", () => {
    for (const vrHz of [72, 90]) {
      const period = 1000 / vrHz;
      // The lattice: ticks 25 ms apart fall period / (ticks per cycle) apart in the VR's phase.
      const spacing = period / (vrHz === 72 ? 5 : 4);
      for (const phaseMs of [0.3, 2, 6, 11]) {
        const { ages } = simulate({ vrHz, phaseMs, seconds: 10, lock: lock() });
        expect(oldest(ages)).toBeCloseTo(period - spacing + 0.5, 1);
      }
    }
  });

  test("no move is larger than the step cap, so the period error stays under it", () => {
    const { steps } = simulate({ vrHz: 50, phaseMs: 4.9, seconds: 10, lock: lock() });
    expect(steps.some((s) => s !== 0)).toBe(true);
    for (const s of steps) expect(Math.abs(s)).toBeLessThanOrEqual(PHASE_LOCK_MAX_STEP_MS);
  });

  test("late arrivals: the ticks sit behind the latest of them, so under 1 % miss their sample", () => {
    const p99 = (ages: number[]) =>
      [...ages].sort((a, b) => a - b)[Math.floor(ages.length * 0.99)]!;
    for (const jitterMs of [1, 3]) {
      const { ages } = simulate({ vrHz: 50, phaseMs: 2, seconds: 60, lock: lock(), jitterMs });
      const missed = ages.filter((a) => a > 20).length / ages.length;
      const free = [0, 1, 2, 3, 4]
        .map((phaseMs) => p99(simulate({ vrHz: 50, phaseMs, seconds: 60, jitterMs }).ages))
        .sort((a, b) => a - b);
      expect(missed).toBeLessThan(0.01);
      // Within half a millisecond of the luckiest start, and better than most.
      expect(p99(ages)).toBeLessThan(free[0]! + 0.5);
      expect(p99(ages)).toBeLessThan(free[2]!);
    }
  });

  test("no stream: no moves, and the report says it is not locked", () => {
    const l = lock();
    for (let i = 0; i < 200; i++) expect(l.tick(undefined)).toBe(0);
    expect(l.report()).toEqual({ locked: false, youngestMs: null, movedMs: 0 });
  });

  test("a stream that stops and comes back at another phase is locked again", () => {
    const l = lock();
    const { ages } = simulate({
      vrHz: 50,
      phaseMs: 1,
      seconds: 12,
      lock: l,
      gap: [4, 5],
      phaseAfterGapMs: 3.7,
    });
    expect(oldest(ages)).toBeCloseTo(15.5, 1);
    expect(l.report().locked).toBe(true);
    expect(l.report().youngestMs).toBeCloseTo(0.5, 1);
  });

  test("ages outside the stream's timeout are not a stream", () => {
    const l = lock();
    for (let i = 0; i < 100; i++) expect(l.tick(150)).toBe(0);
    expect(l.report().locked).toBe(false);
  });
});
