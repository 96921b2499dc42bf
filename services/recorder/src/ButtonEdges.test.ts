import { expect, test } from "bun:test";
import { ButtonEdges } from "./ButtonEdges";
import { controller, vrState } from "./testFixtures";

test("rising edges only; the first message is the baseline", () => {
  const e = new ButtonEdges();
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

test("X and Y on the left hand act like A and B, per hand", () => {
  const e = new ButtonEdges();
  const both = (l: Parameters<typeof controller>[0], r: Parameters<typeof controller>[0]) => ({
    ...vrState(1, 1, controller(r)),
    left: controller(l),
  });
  e.update(both({}, { primary: true }));
  expect(e.update(both({ primary: true }, { primary: true })).primary).toBe(true);
  expect(e.update(both({ primary: true, secondary: true }, {})).secondary).toBe(true);
});
