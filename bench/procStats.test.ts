import { describe, expect, test } from "bun:test";
import {
  clockTicksPerSecond,
  coresBusy,
  cpuPercent,
  parseMachineCpu,
  parseProcStat,
  parseProcStatus,
  parseUptime,
  readCpu,
  readMemory,
} from "./procStats";

// Fields 1..17 of a real-shaped stat line; the name holds a space and a ')'.
const STAT =
  "4242 (bun (x) y) S 77 4242 4242 0 -1 4194560 1500 0 0 0 1234 567 0 0 20 0 9 0 1000 123456789 4321";

describe("parseProcStat", () => {
  test("counts fields from the last ')' so odd command names parse", () => {
    const s = parseProcStat(STAT);
    expect(s.pid).toBe(4242);
    expect(s.comm).toBe("bun (x) y");
    expect(s.state).toBe("S");
    expect(s.ppid).toBe(77);
    expect(s.utime).toBe(1234);
    expect(s.stime).toBe(567);
    expect(s.startTicks).toBe(1000);
  });

  test("rejects text that is not a stat line", () => {
    expect(() => parseProcStat("no parentheses here")).toThrow();
    expect(() => parseProcStat("12 (x) S 1 2")).toThrow(/malformed/);
  });

  test("reads this process's own entry", () => {
    const cpu = readCpu(process.pid, clockTicksPerSecond());
    expect(cpu).toBeDefined();
    expect(cpu!.ticks).toBeGreaterThanOrEqual(0);
    // This test process started within the last few minutes, not at boot.
    expect(cpu!.ageS).toBeGreaterThan(0);
    expect(cpu!.ageS).toBeLessThan(3600);
    expect(readMemory(process.pid)!.peakRssKb).toBeGreaterThan(1000);
    expect(readCpu(0x7fffffff, 100)).toBeUndefined();
  });
});

test("parseUptime reads seconds since boot and rejects anything else", () => {
  expect(parseUptime("14761.52 28911.09\n")).toBe(14761.52);
  expect(() => parseUptime("up a while")).toThrow(/uptime/);
});

describe("parseProcStatus", () => {
  test("takes VmHWM, VmRSS and its split into anonymous and file pages, in kB", () => {
    const text =
      "Name:\tbun\nVmPeak:\t 900000 kB\nVmHWM:\t   81920 kB\nVmRSS:\t   40960 kB\nRssAnon:\t   20000 kB\nRssFile:\t   20900 kB\nRssShmem:\t      60 kB\nThreads:\t9\n";
    expect(parseProcStatus(text)).toEqual({
      peakRssKb: 81920,
      rssKb: 40960,
      anonKb: 20000,
      fileKb: 20960,
    });
  });

  test("names the missing field", () => {
    expect(() => parseProcStatus("Name:\tbun\nVmRSS:\t 1 kB\n")).toThrow(/VmHWM/);
  });
});

describe("cpuPercent", () => {
  test("150 ticks at 100 per second over 10 s is 15 % of a core", () => {
    expect(cpuPercent(150, 100, 10_000)).toBeCloseTo(15, 10);
  });

  test("two cores flat out over 1 s is 200 %", () => {
    expect(cpuPercent(200, 100, 1000)).toBeCloseTo(200, 10);
  });

  test("no elapsed time gives 0, not infinity", () => {
    expect(cpuPercent(5, 100, 0)).toBe(0);
  });
});

describe("machine CPU from /proc/stat", () => {
  const at = (user: number, idle: number) =>
    `cpu  ${user} 0 100 ${idle} 50 0 10 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1\n`;

  test("busy is everything but idle and iowait", () => {
    expect(parseMachineCpu(at(1000, 5000))).toEqual({ busy: 1110, total: 6160 });
  });

  test("half the ticks busy on a 2-core machine is one core", () => {
    // 400 more busy ticks, 400 more idle: half of all time.
    expect(coresBusy(parseMachineCpu(at(1000, 5000)), parseMachineCpu(at(1400, 5400)), 2)).toBe(1);
  });

  test("refuses text without the aggregate line", () => {
    expect(() => parseMachineCpu("cpu0 1 2 3 4 5\n")).toThrow(/aggregate/);
  });
});
