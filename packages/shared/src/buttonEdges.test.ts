import { expect, test } from "bun:test";
import { buttonEdges } from "./buttonEdges";
import { type Buttons, releasedButtons, type VrState } from "./messages";

const up = releasedButtons();

function state(right?: Partial<Buttons>, left?: Partial<Buttons>): VrState {
  const c = (b: Partial<Buttons>) => ({
    tracked: true,
    pose: {
      position: [0, 0, 0] as [number, number, number],
      orientation: [0, 0, 0, 1] as [number, number, number, number],
    },
    trigger: 0,
    grip: 0,
    joystick: [0, 0] as [number, number],
    buttons: { ...up, ...b },
  });
  return {
    v: 1,
    seq: 0,
    t: 1,
    source: "sim",
    ...(right ? { right: c(right) } : {}),
    ...(left ? { left: c(left) } : {}),
  };
}

test("press and release edges per hand and button", () => {
  expect(buttonEdges(state({}, {}), state({ primary: true }, { secondary: true }))).toEqual([
    { hand: "right", button: "primary", pressed: true },
    { hand: "left", button: "secondary", pressed: true },
  ]);
  expect(buttonEdges(state({ primary: true }), state({}))).toEqual([
    { hand: "right", button: "primary", pressed: false },
  ]);
});

test("no edges without a change, on the first state, or when a hand appears", () => {
  expect(buttonEdges(state({ grip: true }), state({ grip: true }))).toEqual([]);
  expect(buttonEdges(undefined, state({ grip: true }))).toEqual([]);
  expect(buttonEdges(state({}), state({}, { menu: true }))).toEqual([]);
});

test("absentReleased: a hand appearing with a button held is a press", () => {
  expect(buttonEdges(state({}), state({}, { primary: true }), true)).toEqual([
    { hand: "left", button: "primary", pressed: true },
  ]);
  expect(buttonEdges(undefined, state({ primary: true }), true)).toEqual([]);
});
