import { expect, test } from "bun:test";
import type { RobotCommand, RobotState } from "@teleop/shared/messages";
import { robotCommand } from "../support/fixtures";
import {
  appliedAfterDeadline,
  armShift,
  commandedMotion,
  firstAfter,
  holes,
  maxShift,
  stallTicks,
  ticksLost,
} from "./measure";

function command(seq: number, t: number, x: number, movement: boolean): RobotCommand {
  return robotCommand(seq, t, {
    movement,
    target: { position: [x, 0, 0.3], orientation: [1, 0, 0, 0] },
  });
}

function state(t: number, x: number, commandSeq: number | null, rttMs: number | null): RobotState {
  return {
    v: 1,
    seq: 0,
    t,
    pose: { position: [x, 0, 0.3], orientation: [1, 0, 0, 0] },
    gripper: 0,
    joints: null,
    commandSeq,
    rttMs,
    backend: "sim",
  };
}

test("maxShift is the farthest point from the first: (0,0,0) (3,4,0) (1,0,0) -> 5", () => {
  expect(
    maxShift([
      [0, 0, 0],
      [3, 4, 0],
      [1, 0, 0],
    ]),
  ).toBe(5);
  expect(maxShift([])).toBe(0);
});

test("commanded motion counts moving commands and target spread inside the window only", () => {
  const cmds = [
    command(0, 900, 0.4, true),
    command(1, 1000, 0.41, false),
    command(2, 1050, 0.43, true),
    command(3, 1100, 0.44, false),
    command(4, 1200, 0.9, true),
  ];
  const m = commandedMotion(cmds, { from: 1000, to: 1100 });
  expect(m.movingCommands).toBe(1);
  expect(m.targetShiftM).toBeCloseTo(0.03, 9);
});

test("arm shift uses the measurement time", () => {
  const states = [
    state(10, 0.5, null, null),
    state(20, 0.5, null, null),
    state(30, 0.6, null, null),
  ];
  expect(armShift(states, { from: 10, to: 25 })).toBe(0);
  expect(armShift(states, { from: 10, to: 30 })).toBeCloseTo(0.1, 9);
});

test("firstAfter: first time at or after the mark, as a delay", () => {
  expect(firstAfter([100, 250, 180, 400], 170)).toBe(10);
  expect(firstAfter([100, 250], 250)).toBe(0);
  expect(firstAfter([100], 200)).toBeNull();
});

test("ticks lost at 25 ms: 0 25 50 125 150 loses 2; 0 30 60 (late, not skipped) loses none", () => {
  expect(ticksLost([0, 25, 50, 125, 150], 25)).toBe(2);
  expect(ticksLost([0, 30, 60, 85], 25)).toBe(0);
  expect(ticksLost([0, 1025], 25)).toBe(40);
});

test("a state whose send time (t - rtt) is past its command's deadline is a late apply", () => {
  // Command 7 made at 1000, deadline 1100.
  const cmds = [command(7, 1000, 0.4, true), command(8, 1050, 0.4, true)];
  const onTime = state(1110, 0.4, 7, 20); // sent by 1090
  const late = state(1200, 0.4, 7, 50); // sent at or after 1150
  const poll = state(1300, 0.4, null, 5);
  expect(appliedAfterDeadline([onTime, late, poll], cmds)).toEqual([late]);
});

test("after a controller restart a seq is matched with the newest command made before the state", () => {
  // The first controller's command 3 (deadline 1100) and the restarted one's command 3 (deadline 5100).
  const cmds = [command(3, 1000, 0.4, true), command(3, 5000, 0.4, true)];
  expect(appliedAfterDeadline([state(5050, 0.4, 3, 10)], cmds)).toEqual([]);
  expect(appliedAfterDeadline([state(1500, 0.4, 3, 10)], cmds)).toHaveLength(1);
});

test("holes: where a recording skipped ticks and for how long", () => {
  expect(holes([0, 25, 50, 125, 150, 160], 25)).toEqual([{ at: 50, ms: 75 }]);
});

test("stall ticks: the ticks of a hole that a machine stall beside it explains", () => {
  // 45 ms hole: one tick lost; a 31 ms stall inside it explains it, one that ends before it does not.
  expect(stallTicks({ at: 1000, ms: 45 }, [{ at: 1005, ms: 31 }], 25)).toBe(1);
  expect(stallTicks({ at: 1000, ms: 45 }, [{ at: 960, ms: 31 }], 25)).toBe(0);
  // A stall that began before the hole counts only its overlap: 5 ms of it leave a 40 ms hole.
  expect(stallTicks({ at: 1000, ms: 45 }, [{ at: 975, ms: 30 }], 25)).toBe(0);
  expect(stallTicks({ at: 1000, ms: 45 }, [{ at: 990, ms: 40 }], 25)).toBe(1);
  // 75 ms hole (two lost) and a 20 ms stall: one is the machine's, one the recorder's own.
  expect(stallTicks({ at: 1000, ms: 75 }, [{ at: 1010, ms: 20 }], 25)).toBe(1);
  // The longest overlap decides; no stalls, nothing explained.
  expect(
    stallTicks(
      { at: 1000, ms: 75 },
      [
        { at: 1010, ms: 5 },
        { at: 1020, ms: 50 },
      ],
      25,
    ),
  ).toBe(2);
  expect(stallTicks({ at: 1000, ms: 45 }, [], 25)).toBe(0);
});
