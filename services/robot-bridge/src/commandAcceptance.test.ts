import { describe, expect, test } from "bun:test";
import type { RobotCommand } from "@teleop/shared/messages";
import { robotCommand } from "../../../test/support/fixtures";
import { acceptCommand } from "./commandAcceptance";

const cmd = (t: number, deadline: number): RobotCommand => robotCommand(7, t, { deadline });

describe("command acceptance", () => {
  test("on time and made after the last reset: accepted (the deadline itself still counts)", () => {
    expect(acceptCommand(cmd(1000, 1050), { now: 1050, resetEndedAt: 0 })).toEqual({ ok: true });
  });

  test("past its deadline: late, with how late", () => {
    const r = acceptCommand(cmd(1000, 1050), { now: 1062.5, resetEndedAt: 0 });
    expect(r).toEqual({
      ok: false,
      reason: "late",
      detail: "command 7 is 12.5 ms past its deadline",
    });
  });

  test("made before the last home procedure ended: dropped", () => {
    const r = acceptCommand(cmd(1000, 5000), { now: 1200, resetEndedAt: 1100 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe("beforeReset");
  });
});
