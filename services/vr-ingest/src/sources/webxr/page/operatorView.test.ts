import { expect, test } from "bun:test";
import type { OperatorStatusView, PageController } from "../wire";
import { armLine, clutchLine, robotLine, sceneColor, trackingLine } from "./operatorView";

const view = (over: Partial<OperatorStatusView>): OperatorStatusView => ({
  movement: false,
  mode: "predictive",
  calibrated: true,
  recording: false,
  holdReason: "grip",
  robotAgeMs: 120,
  atEdge: false,
  ...over,
});
const hand = (tracked: boolean, emulated: boolean) => ({ tracked, emulated }) as PageController;
const settings = (acceptEmulated: boolean) => ({
  acceptEmulated,
  haptics: true,
  hand: "right" as const,
});

test("per controller: tracked, untracked, position inferred (held or accepted)", () => {
  expect(trackingLine(hand(true, false), settings(false))).toEqual(["tracked", "good"]);
  expect(trackingLine(hand(false, false), settings(false))[0]).toBe("untracked");
  expect(trackingLine(hand(true, true), settings(false))[0]).toBe(
    "position inferred: held (tracking lost)",
  );
  expect(trackingLine(hand(true, true), settings(true))[0]).toContain("position inferred (drives");
  expect(trackingLine(undefined, settings(false))[0]).toBe("not seen");
});

test("the clutch says why it is released, for every reason the controller gives", () => {
  const reasons: Array<[string, RegExp]> = [
    ["grip", /grip not held/],
    ["untracked", /not tracked/],
    ["vrTimeout", /stale/],
    ["uncalibrated", /not calibrated/],
    ["reset", /resetting/],
    ["noRobotState", /no robot/],
  ];
  for (const [reason, text] of reasons) {
    expect(clutchLine(view({ holdReason: reason }), false)[0]).toMatch(text);
    expect(armLine(view({ holdReason: reason }))[0]).toMatch(text);
  }
  expect(clutchLine(view({ movement: true, holdReason: null }), false)[0]).toStartWith("engaged");
  expect(clutchLine(view({ movement: null }), false)[0]).toStartWith("unknown");
  expect(clutchLine(view({}), true)[0]).toContain("recentre");
});

test("arm and robot lines: mode, edge, state age, no robot", () => {
  expect(armLine(view({ movement: true, holdReason: null, atEdge: true }))[0]).toBe(
    "follows the hand (predictive, at the workspace edge)",
  );
  expect(robotLine(view({}))[0]).toBe("predictive, state 120 ms old");
  expect(robotLine(view({ robotAgeMs: null }))[0]).toBe("no robot state");
});

test("the headset colour: green follows, grey idle, amber held for another reason, red offline", () => {
  expect(sceneColor(true, view({ movement: true }), false)).toEqual([0, 0.3, 0]);
  expect(sceneColor(true, view({}), false)).toEqual([0.1, 0.1, 0.12]);
  expect(sceneColor(true, view({ holdReason: "untracked" }), false)).toEqual([0.35, 0.22, 0]);
  expect(sceneColor(false, view({}), false)).toEqual([0.35, 0, 0]);
});
