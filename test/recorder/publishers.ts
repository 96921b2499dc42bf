/**
 * Test publishers of every stream the recorder samples, at the system's
 * rates, speaking the real contract over NATS. The robot state can be paused
 * (a stalled robot) and a controller's buttons pressed for exactly
 * one message (a press shorter than a recorder tick).
 */
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { SIM_VR_HZ } from "@teleop/shared/control";
import { type Buttons, type RecorderReply, RecorderReplyMsg } from "@teleop/shared/messages";
import {
  controller,
  controlStatus,
  robotCommand,
  robotState,
  vrState,
} from "../../services/recorder/src/testFixtures";

export const ROBOT_STATE_HZ = 20;

/** Asks the recorder to start, save, discard or report, as the CLI does; resolves with its reply. */
export const recorderRequest = (
  bus: Bus,
  what: "Start" | "Save" | "Discard" | "Status",
  body: unknown = {},
): Promise<RecorderReply> =>
  bus.request<RecorderReply>(bus.subjects[`recorder${what}`], body, RecorderReplyMsg, 5000);
const CONTROL_HZ = 40;

export class Publishers {
  robotPaused = false;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  private seq = 0;
  private press: { buttons: Partial<Buttons>; hand: "right" | "left" } | undefined;

  constructor(private readonly bus: Bus) {}

  start(): void {
    const s = this.bus.subjects;
    const every = (hz: number, f: () => void) => this.timers.push(setInterval(f, 1000 / hz));
    every(SIM_VR_HZ, () => {
      const press = this.press;
      this.press = undefined;
      const msg = vrState(
        this.seq++,
        now(),
        controller(press?.hand === "right" ? press.buttons : {}),
      );
      if (press?.hand === "left") msg.left = controller(press.buttons);
      this.bus.publish(s.vrState, msg);
    });
    every(CONTROL_HZ, () => {
      this.bus.publish(s.robotCommand, robotCommand(this.seq++, now()));
      this.bus.publish(s.controlStatus, controlStatus(this.seq++, now()));
    });
    every(ROBOT_STATE_HZ, () => {
      if (!this.robotPaused) this.bus.publish(s.robotState, robotState(this.seq++, now()));
    });
  }

  /** The next VR message carries these buttons pressed on that hand; the one after releases them. */
  pressOnce(buttons: Partial<Buttons>, hand: "right" | "left" = "right"): void {
    this.press = { buttons, hand };
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
