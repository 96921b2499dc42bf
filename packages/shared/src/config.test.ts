import { describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { bool, ConfigError, helpText, loadConfig, num, numList, oneOf, str } from "./config";

const specs = {
  hz: num({ env: "CONTROL_HZ", default: 20, min: 1, max: 1000, help: "rate" }),
  mode: oneOf({
    env: "ORIENTATION_MODE",
    default: "absolute",
    values: ["absolute", "delta"] as const,
    help: "m",
  }),
  perf: bool({ env: "PERFORMANCE", default: false, help: "p" }),
  vec: numList({
    env: "COORD_TRANSFORM",
    default: [-3, -1, 2, 4],
    length: 4,
    integer: true,
    help: "v",
  }),
  name: str({ env: "NAME", flag: "--name", default: "x", help: "n" }),
};

describe("config", () => {
  test("defaults when nothing is set", () => {
    expect(loadConfig(specs, { argv: [], env: {} })).toEqual({
      hz: 20,
      mode: "absolute",
      perf: false,
      vec: [-3, -1, 2, 4],
      name: "x",
    });
  });

  test("environment, then flags override it", () => {
    const env = {
      CONTROL_HZ: "40",
      ORIENTATION_MODE: "delta",
      PERFORMANCE: "1",
      COORD_TRANSFORM: "-2,-1,-3,4",
    };
    expect(loadConfig(specs, { argv: [], env })).toMatchObject({
      hz: 40,
      mode: "delta",
      perf: true,
      vec: [-2, -1, -3, 4],
    });
    const c = loadConfig(specs, {
      argv: [
        "--control-hz=50",
        "--coord-transform",
        "-2",
        "-1",
        "-3",
        "4",
        "--no-performance",
        "--name",
        "y",
      ],
      env,
    });
    expect(c).toMatchObject({ hz: 50, perf: false, vec: [-2, -1, -3, 4], name: "y" });
    expect(loadConfig(specs, { argv: ["--performance"], env: {} }).perf).toBe(true);
  });

  test("a bad value names the variable and what is allowed", () => {
    const bad: Array<[Record<string, string>, string[], RegExp]> = [
      [{ CONTROL_HZ: "fast" }, [], /CONTROL_HZ="fast".*a number from 1 to 1000/],
      [{ CONTROL_HZ: "0" }, [], /CONTROL_HZ/],
      [{ ORIENTATION_MODE: "abs" }, [], /ORIENTATION_MODE="abs".*one of absolute, delta/],
      [{ PERFORMANCE: "maybe" }, [], /PERFORMANCE/],
      [{ COORD_TRANSFORM: "1 2 3" }, [], /COORD_TRANSFORM.*4 integers/],
      [{}, ["--control-hz", "-5"], /--control-hz \(CONTROL_HZ\)="-5"/],
      [{}, ["--bogus"], /unknown option --bogus/],
      [{}, ["--name"], /--name needs a value/],
    ];
    for (const [env, argv, re] of bad) {
      expect(() => loadConfig(specs, { argv, env })).toThrow(ConfigError);
      expect(() => loadConfig(specs, { argv, env })).toThrow(re);
    }
  });

  test("X_FILE reads X from a file (secrets); a missing file is a clear error", () => {
    const path = `${tmpdir()}/teleop-secret-${process.pid}`;
    writeFileSync(path, "s3cret\n");
    try {
      expect(loadConfig(specs, { argv: [], env: { NAME_FILE: path } }).name).toBe("s3cret");
      expect(loadConfig(specs, { argv: [], env: { NAME: "direct", NAME_FILE: path } }).name).toBe(
        "direct",
      );
    } finally {
      rmSync(path, { force: true });
    }
    expect(() => loadConfig(specs, { argv: [], env: { NAME_FILE: "/nonexistent/x" } })).toThrow(
      /NAME_FILE/,
    );
  });

  test("help lists every flag and variable", () => {
    const h = helpText("svc", specs);
    for (const s of Object.values(specs)) {
      expect(h).toContain(s.flag);
      expect(h).toContain(s.env);
    }
  });
});
