/** Test helper: element-wise closeness of two number arrays. */
import { expect } from "bun:test";

export function expectClose(a: readonly number[], b: readonly number[], eps = 1e-9): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(eps);
}
