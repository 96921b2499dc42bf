/**
 * What the operator in the headset should see about the rest of the system:
 * the controller's clutch, mode, the reason it holds, the robot state's age
 * and whether the target sits on the workspace edge, all from
 * teleop.control.status, and whether the recorder is recording (asked once, then followed by events). Episode and
 * robot-fault events are passed on as notices. A control status older than
 * STALE_MS counts as unknown (controller gone).
 */
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import {
  type ControlStatus,
  ControlStatusMsg,
  EventMsg,
  RecorderReplyMsg,
} from "@teleop/shared/messages";
import type { NoticeKind, OperatorStatusView } from "./wire";

const STALE_MS = 1000;

const NOTICES: Record<string, NoticeKind> = {
  [EventType.episodeStarted]: "episodeStarted",
  [EventType.episodeSaved]: "episodeSaved",
  [EventType.episodeDiscarded]: "episodeDiscarded",
  [EventType.robotError]: "robotFault",
};

export class OperatorStatus {
  private control: { value: ControlStatus; at: number } | undefined;
  private recording: boolean | null = null;

  constructor(
    private readonly bus: Bus,
    onNotice: (kind: NoticeKind, detail?: string) => void,
  ) {
    bus.subscribe(bus.subjects.controlStatus, ControlStatusMsg, (value) => {
      this.control = { value, at: now() };
    });
    bus.subscribe(bus.subjects.events, EventMsg, (ev) => {
      if (ev.type === EventType.episodeStarted) this.recording = true;
      else if (ev.type === EventType.episodeSaved || ev.type === EventType.episodeDiscarded) {
        this.recording = false;
      }
      const notice = NOTICES[ev.type];
      if (notice) {
        const error = ev.data?.error;
        onNotice(notice, typeof error === "string" ? error.slice(0, 200) : undefined);
      }
    });
  }

  /** Ask the recorder once; without an answer the state stays as events left it. */
  async refreshRecording(): Promise<void> {
    const reply = await this.bus
      .request(this.bus.subjects.recorderStatus, {}, RecorderReplyMsg, 500)
      .catch(() => undefined);
    if (reply) this.recording = reply.recording;
  }

  view(at: number = now()): OperatorStatusView {
    const c = this.control && at - this.control.at <= STALE_MS ? this.control.value : undefined;
    return {
      movement: c ? c.movement : null,
      mode: c ? c.mode : null,
      calibrated: c ? c.calibrated : null,
      recording: this.recording,
      holdReason: c?.holdReason ?? null,
      robotAgeMs: c ? c.robotAgeMs : null,
      atEdge: c?.atEdge ?? false,
    };
  }
}
