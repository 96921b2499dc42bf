import { describe, expect, test } from "bun:test";
import { vrStale } from "./safety";

describe("VR staleness", () => {
  test("stale past the timeout by sample time or by arrival, whichever is older", () => {
    expect(vrStale(1000, 1000, 1100, 100)).toBe(false);
    expect(vrStale(1000, 1000, 1100.5, 100)).toBe(true);
    // A publisher clock running ahead: its t looks fresh, arrival says otherwise.
    expect(vrStale(1500, 1000, 1200, 100)).toBe(true);
  });
});
