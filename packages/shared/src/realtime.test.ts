import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { applyRealtime, parseRealtime, realtimeCommand } from "./realtime";

test("REALTIME values parse to a policy and a command; bad ones say what is allowed", () => {
  expect(parseRealtime("off")).toEqual({ kind: "off" });
  expect(parseRealtime("fifo:10")).toEqual({ kind: "fifo", priority: 10 });
  expect(realtimeCommand(parseRealtime("rr:5"), 42)).toEqual(["chrt", "-a", "-r", "-p", "5", "42"]);
  expect(realtimeCommand(parseRealtime("nice:-5"), 42)).toEqual(["renice", "-n", "-5", "-p", "42"]);
  expect(realtimeCommand(parseRealtime("off"), 42)).toBeUndefined();
  expect(() => parseRealtime("fifo:0")).toThrow(/fifo:N/);
  expect(() => parseRealtime("nice:-30")).toThrow(/-20..19/);
  expect(() => parseRealtime("fast")).toThrow(/not off/);
});

test("a nice level is applied to a real process (and a refusal is reported, not thrown)", () => {
  const child = Bun.spawn(["sleep", "5"]);
  try {
    const r = applyRealtime({ kind: "nice", value: 7 }, child.pid);
    expect(r.ok).toBe(true);
    // Field 19 of /proc/<pid>/stat is the nice value.
    const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    expect(Number(fields[16])).toBe(7);
    const refused = applyRealtime({ kind: "fifo", priority: 10 }, 999_999_999);
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/chrt/);
  } finally {
    child.kill();
  }
});

test("as root, fifo:N gives every thread of a process SCHED_FIFO at that priority", () => {
  const child = Bun.spawn(["sleep", "5"]);
  try {
    const r = applyRealtime({ kind: "fifo", priority: 3 }, child.pid);
    if (process.getuid?.() !== 0) {
      expect(r.ok).toBe(false);
      return;
    }
    expect(r.ok).toBe(true);
    const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 40 and 41 of stat: rt_priority and policy (1 = SCHED_FIFO).
    expect(Number(fields[37])).toBe(3);
    expect(Number(fields[38])).toBe(1);
  } finally {
    child.kill();
  }
});
