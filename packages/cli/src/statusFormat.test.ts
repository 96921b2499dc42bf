import { expect, test } from "bun:test";
import type { StatusRow } from "./HealthBook";
import { fitColumns, formatStatus } from "./statusFormat";

const row = (service: string, over: Partial<StatusRow> = {}): StatusRow => ({
  service,
  instance: `${service}-build-machine-with-a-long-hostname-12345`,
  status: "ok",
  uptimeS: 3725,
  loops: {
    control: { hz: 20, jitterP99Ms: 0.8, overruns: 0 },
    lease: { hz: 10, jitterP99Ms: 1.2, overruns: 3 },
  },
  counters: { rejected: 2, leaseRenewed: 1234, commandsPublished: 99_999, staleVr: 7, jumps: 1 },
  detail: {},
  lastSeenS: 0.4,
  ...over,
});

test("status of real-sized health fits 120 columns, keeps status and seen whole", () => {
  const text = formatStatus([row("controller"), row("robot-bridge"), row("vr-ingest")]);
  const lines = text.split("\n");
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
  expect(lines[0]).toMatch(/^SERVICE\s+INSTANCE\s+STATUS\s+UPTIME\s+LOOPS\s+COUNTERS\s+SEEN$/);
  expect(lines[1]).toMatch(/^controller\s+controller-\S*…\s+OK\s+1h02m\s+control 20\.0Hz/);
  expect(lines[1]).toMatch(/0\.4s$/);
});

test("a narrow table is left alone", () => {
  const text = formatStatus([row("rec", { instance: "r1", loops: {}, counters: {} })]);
  expect(text).toBe(
    "SERVICE  INSTANCE  STATUS  UPTIME  LOOPS  COUNTERS  SEEN\nrec      r1        OK      1h02m   -      -         0.4s",
  );
});

test("fitColumns shrinks the widest shrinkable column first", () => {
  const out = fitColumns(["A", "B"], [["aaaaaaaaaa", "bbbb"]], 10, [0, 1]);
  expect(out).toEqual([["aaa…", "bbbb"]]);
});
