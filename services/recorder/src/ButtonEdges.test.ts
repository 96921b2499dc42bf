import { expect, test } from "bun:test";
import { ButtonEdges } from "./ButtonEdges";
import { controller, vrState } from "./testFixtures";

test("rising edges only; the first message is the baseline", () => {
  const e = new ButtonEdges("right");
  const pressA = vrState(1, 1, controller({ primary: true }));
  expect(e.update(pressA)).toEqual({ primary: false, secondary: false });
  expect(e.update(vrState(2, 2))).toEqual({ primary: false, secondary: false });
  expect(e.update(vrState(3, 3, controller({ primary: true })))).toEqual({
    primary: true,
    secondary: false,
  });
  expect(e.update(vrState(4, 4, controller({ primary: true })))).toEqual({
    primary: false,
    secondary: false,
  });
  expect(e.update(vrState(5, 5, controller({ secondary: true })))).toEqual({
    primary: false,
    secondary: true,
  });
});

const both = (l: Parameters<typeof controller>[0], r: Parameters<typeof controller>[0]) => ({
  ...vrState(1, 1, controller(r)),
  left: controller(l),
});

test("following the right hand: X and Y on the left start and save nothing", () => {
  const e = new ButtonEdges("right");
  e.update(both({}, {}));
  expect(e.update(both({ primary: true }, {}))).toEqual({ primary: false, secondary: false });
  expect(e.update(both({ primary: true, secondary: true }, {}))).toEqual({
    primary: false,
    secondary: false,
  });
  expect(e.update(both({ primary: true, secondary: true }, { primary: true }))).toEqual({
    primary: true,
    secondary: false,
  });
});

test("following the left hand: X and Y act as A and B do; A and B on the right do nothing", () => {
  const e = new ButtonEdges("left");
  e.update(both({}, {}));
  expect(e.update(both({}, { primary: true, secondary: true }))).toEqual({
    primary: false,
    secondary: false,
  });
  expect(e.update(both({ primary: true }, { primary: true })).primary).toBe(true);
  expect(e.update(both({ primary: true, secondary: true }, {})).secondary).toBe(true);
});
