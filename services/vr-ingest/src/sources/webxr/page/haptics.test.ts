import { describe, expect, test } from "bun:test";
import type { OperatorStatusView } from "../wire";
import { PATTERNS, playPattern, statusCues } from "./haptics";
import type { GamepadLike } from "./xrTypes";

const view = (over: Partial<OperatorStatusView>): OperatorStatusView => ({
  movement: false,
  mode: "realtime",
  calibrated: true,
  recording: false,
  holdReason: "grip",
  robotAgeMs: 10,
  atEdge: false,
  ...over,
});

describe("haptic cues", () => {
  test("clutch engaged and released, each once per change; unknown counts as released", () => {
    expect(statusCues(undefined, view({ movement: true }))).toEqual(["engaged"]);
    expect(statusCues(view({ movement: true }), view({ movement: true }))).toEqual([]);
    expect(statusCues(view({ movement: true }), view({ movement: false }))).toEqual(["released"]);
    expect(statusCues(view({ movement: true }), view({ movement: null }))).toEqual(["released"]);
    expect(statusCues(view({ movement: null }), view({ movement: false }))).toEqual([]);
  });

  test("the workspace edge on reaching it, not while staying there", () => {
    const moving = view({ movement: true });
    expect(statusCues(moving, view({ movement: true, atEdge: true }))).toEqual(["edge"]);
    expect(
      statusCues(view({ movement: true, atEdge: true }), view({ movement: true, atEdge: true })),
    ).toEqual([]);
  });

  test("every cue has its own pattern", () => {
    const shapes = Object.values(PATTERNS).map((p) => JSON.stringify(p));
    expect(new Set(shapes).size).toBe(shapes.length);
    for (const p of Object.values(PATTERNS)) {
      const total = p.reduce((ms, s) => ms + s.ms + s.gapMs, 0);
      expect(total).toBeLessThanOrEqual(1000);
      for (const s of p) expect(s.intensity).toBeGreaterThan(0);
    }
  });

  test("played through hapticActuators[0].pulse at the pattern's offsets; vibrationActuator otherwise; nothing without either", () => {
    const calls: Array<[number, number, number]> = [];
    let clock = 0;
    const pad = (over: Partial<GamepadLike>): GamepadLike => ({
      mapping: "xr-standard",
      buttons: [],
      axes: [],
      ...over,
    });
    const withPulse = pad({
      hapticActuators: [
        {
          pulse: async (i: number, ms: number) => {
            calls.push([clock, i, ms]);
            return true;
          },
        },
      ],
    });
    const schedule = (fn: () => void, ms: number) => {
      clock = ms;
      fn();
      clock = 0;
    };
    expect(playPattern(withPulse, PATTERNS.released, schedule)).toBe(true);
    expect(calls).toEqual([
      [0, 0.3, 30],
      [90, 0.3, 30],
    ]);
    const effects: unknown[] = [];
    const rumble = pad({
      vibrationActuator: {
        playEffect: async (type, params) => {
          effects.push([type, params]);
        },
      },
    });
    expect(playPattern(rumble, PATTERNS.engaged, schedule)).toBe(true);
    expect(effects).toEqual([
      ["dual-rumble", { duration: 40, strongMagnitude: 0.6, weakMagnitude: 0.6 }],
    ]);
    expect(playPattern(pad({}), PATTERNS.edge, schedule)).toBe(false);
    expect(playPattern(undefined, PATTERNS.edge, schedule)).toBe(false);
  });
});
