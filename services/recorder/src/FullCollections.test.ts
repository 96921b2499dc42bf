import { expect, test } from "bun:test";
import { FullCollections } from "./FullCollections";

/** The tick times at which a 5 s FullCollections collects, over the given ticks. */
function collectionsAt(ticks: Iterable<number>): number[] {
  const at: number[] = [];
  let tickMs = 0;
  const fc = new FullCollections(
    5000,
    () => at.push(tickMs),
    (run) => run(),
  );
  for (tickMs of ticks) fc.afterTick(tickMs);
  return at;
}

test("collects once per period of recording ticks, counted from the first, not at the first", () => {
  const ticks = Array.from({ length: 481 }, (_, i) => 1000 + 25 * i);
  expect(collectionsAt(ticks)).toEqual([6000, 11_000]);
});

test("a late tick collects at once and the next period counts from it", () => {
  expect(collectionsAt([0, 25, 7000, 7025, 11_975, 12_000])).toEqual([7000, 12_000]);
});

test("by default the collection runs on a later turn, after the tick's queued work", async () => {
  const order: string[] = [];
  const fc = new FullCollections(0, () => order.push("collect"));
  fc.afterTick(0);
  setImmediate(() => order.push("writer"));
  order.push("tick");
  await Bun.sleep(20);
  expect(order).toEqual(["tick", "writer", "collect"]);
});
