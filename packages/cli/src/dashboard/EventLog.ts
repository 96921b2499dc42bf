/**
 * The dashboard's events list: what happened on teleop.events (mode changes,
 * calibration, episodes, rejected input, robot and device faults) and the
 * services that went down or came back, newest first, each as one line of
 * text. A burst of the same event is one line with a count.
 */
import { EventType } from "@teleop/shared/events";
import type { TeleopEvent } from "@teleop/shared/messages";

export const EVENTS_KEPT = 50;

export type EventLevel = "info" | "warn" | "error";

export interface EventLine {
  t: number;
  service: string;
  type: string;
  text: string;
  level: EventLevel;
  /** How many times this same line arrived in a row. */
  count: number;
}

/** Button edges are many and each one that matters shows as an episode or calibration event. */
const IGNORED = new Set<string>([EventType.button]);

const name = (path: unknown) =>
  typeof path === "string" ? (path.split(/[\\/]/).at(-1) ?? path) : "";
const secs = (x: unknown) => (typeof x === "number" ? ` ${x.toFixed(1)} s` : "");
const str = (x: unknown) => (x === undefined || x === null ? "" : String(x));

/** The line for one event, or undefined for an event the list leaves out. */
export function describeEvent(ev: TeleopEvent): Omit<EventLine, "count"> | undefined {
  if (IGNORED.has(ev.type)) return undefined;
  const d = ev.data ?? {};
  const line = (text: string, level: EventLevel = "info") => ({
    t: ev.t,
    service: ev.service,
    type: ev.type,
    text,
    level,
  });
  switch (ev.type) {
    case EventType.modeChanged:
      return line(`mode ${str(d.from) || "?"} → ${str(d.to) || "?"}`);
    case EventType.calibrationDone:
      return line("calibrated");
    case EventType.calibrationCleared:
      return line("calibration cleared", "warn");
    case EventType.forwardCalibrationDone:
      return line("forward direction calibrated");
    case EventType.clutchEngaged:
      return line("clutch engaged: the arm follows");
    case EventType.clutchReleased:
      return line(`clutch released${d.reason ? ` (${str(d.reason)})` : ""}`);
    case EventType.episodeStarted:
      return line(`episode started ${name(d.path)}`);
    case EventType.episodeSaved:
      return line(
        `episode saved as ${d.success === false ? "failure" : "success"}${secs(d.durationS)} ${name(d.path)}`,
        d.success === false ? "warn" : "info",
      );
    case EventType.episodeDiscarded:
      return line(`episode discarded${secs(d.durationS)}`, "warn");
    case EventType.inputRejected:
      return line(
        `rejected ${str(d.kind) || "input"}${d.subject || d.source ? ` on ${str(d.subject ?? d.source)}` : ""}: ${str(d.reason)}`,
        "warn",
      );
    case EventType.robotError:
      return line(`robot error: ${str(d.error ?? d.reason ?? d.message) || "unknown"}`, "error");
    case EventType.deviceDisconnected:
      return line(`device disconnected${d.source ? ` (${str(d.source)})` : ""}`, "warn");
    case EventType.deviceConnected:
      return line(`device connected${d.source ? ` (${str(d.source)})` : ""}`);
    case EventType.resetStarted:
      return line("robot going home");
    case EventType.resetDone:
      return line("robot home");
    case EventType.roleChanged:
      return line(`${str(d.instance)} is now ${str(d.role)}`);
    case EventType.referenceSpaceReset:
      return line("headset recentred: clutch released", "warn");
    default: {
      const extra = Object.entries(d)
        .slice(0, 4)
        .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
        .join(" ");
      return line(`${ev.type}${extra ? ` ${extra}` : ""}`);
    }
  }
}

export class EventLog {
  private readonly lines: EventLine[] = [];

  add(line: Omit<EventLine, "count">): void {
    const head = this.lines[0];
    if (
      head &&
      head.type === line.type &&
      head.text === line.text &&
      head.service === line.service
    ) {
      head.count++;
      head.t = line.t;
      return;
    }
    this.lines.unshift({ ...line, count: 1 });
    if (this.lines.length > EVENTS_KEPT) this.lines.pop();
  }

  event(ev: TeleopEvent): void {
    const line = describeEvent(ev);
    if (line) this.add(line);
  }

  /** Newest first. */
  list(): EventLine[] {
    return this.lines.map((l) => ({ ...l }));
  }
}
