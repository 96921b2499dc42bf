import { expect, test } from "bun:test";
import type { Health } from "@teleop/shared/messages";
import { DOWN_AFTER_MS, HealthBook } from "./HealthBook";
import { formatCounters, formatLoops, formatStatus, formatUptime } from "./statusFormat";

function health(service: string, instance: string, status: Health["status"] = "ok"): Health {
  return {
    v: 1,
    t: 1,
    service,
    instance,
    status,
    uptimeS: 75,
    loops: { control: { hz: 19.96, jitterP99Ms: 1.24, overruns: 0 } },
    counters: { rejected: 3, dropped: 0, late: 12 },
  };
}

test("a service silent for more than 3 s is down; one heard 2.9 s ago keeps its status", () => {
  const book = new HealthBook();
  book.update(health("controller", "a", "degraded"), 1000);
  book.update(health("recorder", "b"), 1000);
  book.update(health("recorder", "b"), 1000 + 100);
  expect(book.size).toBe(2);
  const soon = book.rows(1000 + 2900);
  expect(soon.map((r) => [r.service, r.status])).toEqual([
    ["controller", "degraded"],
    ["recorder", "ok"],
  ]);
  const later = book.rows(1000 + DOWN_AFTER_MS + 1);
  expect(later.map((r) => r.status)).toEqual(["down", "ok"]);
  expect(later[0]!.lastSeenS).toBeCloseTo(3.001, 6);
});

test("two instances of one service are two rows", () => {
  const book = new HealthBook();
  book.update(health("controller", "a"), 0);
  book.update(health("controller", "b"), 0);
  expect(book.rows(0).map((r) => r.instance)).toEqual(["a", "b"]);
});

test("loops, counters and uptime are formatted for the table", () => {
  expect(formatLoops({ control: { hz: 19.96, jitterP99Ms: 1.24, overruns: 2 } })).toBe(
    "control 20.0Hz p99 1.2ms overruns 2",
  );
  expect(formatLoops({})).toBe("-");
  expect(formatCounters({ rejected: 3, dropped: 0, late: 12 })).toBe("late=12 rejected=3");
  expect(formatCounters({ a: 1, b: 2, c: 3 }, 2)).toBe("c=3 b=2 (+1)");
  expect(formatCounters({ dropped: 0 })).toBe("-");
  expect(formatUptime(42)).toBe("42s");
  expect(formatUptime(75)).toBe("1m15s");
  expect(formatUptime(3 * 3600 + 5 * 60)).toBe("3h05m");
});

test("the status table names every column and row", () => {
  const book = new HealthBook();
  book.update(health("controller", "a"), 0);
  const lines = formatStatus(book.rows(500)).split("\n");
  expect(lines[0]).toMatch(/^SERVICE\s+INSTANCE\s+STATUS\s+UPTIME\s+LOOPS\s+COUNTERS\s+SEEN$/);
  expect(lines[1]).toMatch(
    /^controller\s+a\s+OK\s+1m15s\s+control 20.0Hz p99 1.2ms\s+late=12 rejected=3\s+0.5s$/,
  );
  expect(formatStatus([])).toMatch(/no service/);
});
