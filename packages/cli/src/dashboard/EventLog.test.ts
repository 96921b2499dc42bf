import { expect, test } from "bun:test";
import type { TeleopEvent } from "@teleop/shared/messages";
import { EVENTS_KEPT, EventLog } from "./EventLog";

const ev = (type: string, data?: Record<string, unknown>, t = 1): TeleopEvent => ({
  v: 1,
  t,
  service: "svc",
  type,
  data,
});

test("events read as sentences, newest first; buttons are left out; a burst is one line with a count", () => {
  const log = new EventLog();
  log.event(ev("mode.changed", { from: "realtime", to: "predictive" }));
  log.event(ev("calibration.done"));
  log.event(ev("button", { hand: "right", button: "primary", pressed: true }));
  log.event(
    ev("episode.saved", { path: "recordings/success/t_1.mcap", success: true, durationS: 12.34 }),
  );
  for (let i = 0; i < 3; i++) {
    log.event(
      ev("input.rejected", { subject: "teleop.vr.state", kind: "jump", reason: "0.5 m" }, 10 + i),
    );
  }
  log.event(ev("robot.error", { error: "stall" }));
  const list = log.list();
  expect(list.map((l) => [l.text, l.level, l.count])).toEqual([
    ["robot error: stall", "error", 1],
    ["rejected jump on teleop.vr.state: 0.5 m", "warn", 3],
    ["episode saved as success 12.3 s t_1.mcap", "info", 1],
    ["calibrated", "info", 1],
    ["mode realtime → predictive", "info", 1],
  ]);
  expect(list[1]!.t).toBe(12);
});

test("unknown events still show with their data; the list is bounded", () => {
  const log = new EventLog();
  log.event(ev("camera.fault", { camera: "wrist", reason: "no frames" }));
  expect(log.list()[0]!.text).toBe("camera.fault camera=wrist reason=no frames");
  for (let i = 0; i < EVENTS_KEPT + 10; i++) log.event(ev("x", { i }));
  expect(log.list()).toHaveLength(EVENTS_KEPT);
});
