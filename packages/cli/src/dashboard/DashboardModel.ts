/**
 * What the dashboard shows, built from bus messages: service health, control
 * mode, recording state and the last saved episode, the arm, cameras, events,
 * and plot rows sampled from the latest values. Every tile says how old its
 * data is and whether it is live, stale (old data) or down (its service is
 * silent). Pure: messages and times in, frames out.
 */
import type { CameraFrame } from "@teleop/shared/cameraMessages";
import { EventType } from "@teleop/shared/events";
import type {
  Controller,
  ControlStatus,
  Health,
  RecorderReply,
  RobotCommand,
  RobotState,
  TeleopEvent,
  VrState,
} from "@teleop/shared/messages";
import { HealthBook, type StatusRow } from "../HealthBook";
import { CameraBook, type CameraView } from "./CameraBook";
import { type EventLine, EventLog } from "./EventLog";

/** The plots show this much history. */
export const PLOT_WINDOW_MS = 10_000;
/** A value older than this is stale: its tile greys and its plot line breaks. */
export const STALE_MS = 1000;
/** The recorder is asked twice a second; a reply older than this is stale. */
export const RECORDER_STALE_MS = 2000;
/** A camera frame older than this is stale. */
export const CAMERA_STALE_MS = 2000;

export interface PlotRow {
  t: number;
  /** Achieved rate of each service loop from health, keyed `service.loop`. */
  loops: Record<string, number>;
  rttMs: number | null;
  /** command.t - command.vrT of the newest command: VR sample to command. */
  vrLatencyMs: number | null;
  target: number[] | null;
  measured: number[] | null;
  /** The driving hand's grip and trigger (0..1). */
  grip: number | null;
  trigger: number | null;
  /** 1 while the arm follows (movement enabled), 0 while it holds. */
  clutch: number | null;
  /** Commanded and measured gripper (0 open, 1 closed). */
  gripperTarget: number | null;
  gripper: number | null;
}

/** live: fresh data; stale: its data is old; down: its service stopped reporting; none: never heard. */
export type TileState = "live" | "stale" | "down" | "none";

export interface Freshness {
  state: TileState;
  /** Age of the newest data (since it was made, or since a reply arrived); null when none. */
  ageMs: number | null;
  /** The service the tile's data comes from. */
  source: string;
}

export interface ControlView {
  mode: ControlStatus["mode"];
  movement: boolean;
  calibrated: boolean;
  hz: number;
  vrAgeMs: number | null;
  robotAgeMs: number | null;
  /** Time since this status arrived. */
  ageMs: number;
}

export interface RobotView {
  backend: string;
  rttMs: number | null;
  gripper: number;
  ageMs: number;
}

export interface VrView {
  source: string;
  hands: Array<{ hand: "right" | "left"; tracked: boolean; grip: number; trigger: number }>;
  ageMs: number;
}

export interface RecordingView {
  /** null when the recorder did not answer (error says why). */
  recording: boolean | null;
  frames: number | null;
  durationS: number | null;
  path: string | null;
  task: string | null;
  error: string | null;
}

export interface EpisodeView {
  path: string;
  durationS: number | null;
  frames: number | null;
  success: boolean;
  /** The recorder's quality verdict, when its reply or event carries one. */
  quality: string | null;
  task: string | null;
  /** When it was saved (epoch ms). */
  t: number;
}

export interface ArmView {
  /** Measured joint positions (7), when the backend reports them. */
  joints: number[] | null;
  measured: number[] | null;
  target: number[] | null;
  /** Controller positions in the VR frame (OpenXR: +y up, -z forward). */
  controllers: Array<{ hand: "right" | "left"; position: number[] }>;
}

export interface DashboardFrame {
  t: number;
  services: StatusRow[];
  tiles: {
    control: Freshness;
    recording: Freshness;
    robot: Freshness;
    command: Freshness;
    vr: Freshness;
  };
  control: ControlView | null;
  robot: RobotView | null;
  vr: VrView | null;
  vrLatencyMs: number | null;
  recording: RecordingView | null;
  lastEpisode: EpisodeView | null;
  arm: ArmView;
  cameras: Array<CameraView & { state: TileState }>;
  events: EventLine[];
  rows: PlotRow[];
}

interface Held<T> {
  value: T;
  at: number;
}

/** Whether any instance of the service reports health; unknown when none ever did. */
export function serviceState(
  rows: readonly StatusRow[],
  service: string,
): "up" | "down" | "unknown" {
  const mine = rows.filter((r) => r.service === service);
  if (mine.length === 0) return "unknown";
  return mine.some((r) => r.status !== "down") ? "up" : "down";
}

/** A tile's state from its data's age and its service's health. */
export function freshness(
  ageMs: number | null,
  service: "up" | "down" | "unknown",
  staleMs: number,
  source: string,
): Freshness {
  if (service === "down") return { state: "down", ageMs, source };
  if (ageMs === null) return { state: "none", ageMs, source };
  return { state: ageMs > staleMs ? "stale" : "live", ageMs, source };
}

const optionalString = (x: unknown): string | null =>
  typeof x === "string" && x !== ""
    ? x
    : typeof x === "number" || typeof x === "boolean"
      ? String(x)
      : null;

/** The hand that drives: the right unless only the left is tracked. */
function drivingHand(vr: VrState): Controller | undefined {
  if (vr.right?.tracked) return vr.right;
  if (vr.left?.tracked) return vr.left;
  return vr.right ?? vr.left;
}

export class DashboardModel {
  private readonly book = new HealthBook();
  private readonly eventLog = new EventLog();
  readonly cameras = new CameraBook();
  private control: Held<ControlStatus> | undefined;
  private command: Held<RobotCommand> | undefined;
  private robot: Held<RobotState> | undefined;
  private vr: Held<VrState> | undefined;
  private recording: RecordingView | null = null;
  private recordingAt: number | undefined;
  private lastEpisode: EpisodeView | null = null;
  private readonly history: PlotRow[] = [];
  private readonly wasDown = new Map<string, boolean>();

  health(h: Health, at: number): void {
    this.book.update(h, at);
  }

  controlStatus(s: ControlStatus, at: number): void {
    this.control = { value: s, at };
  }

  robotCommand(c: RobotCommand, at: number): void {
    this.command = { value: c, at };
  }

  robotState(s: RobotState, at: number): void {
    this.robot = { value: s, at };
  }

  vrState(s: VrState, at: number): void {
    this.vr = { value: s, at };
  }

  cameraFrame(f: CameraFrame): boolean {
    return this.cameras.frame(f);
  }

  event(ev: TeleopEvent): void {
    this.eventLog.event(ev);
    if (ev.type === EventType.episodeSaved && typeof ev.data?.path === "string") {
      const d = ev.data;
      // The event and the save reply describe the same file: keep what either knows.
      const same = this.lastEpisode?.path === d.path ? this.lastEpisode : null;
      this.lastEpisode = {
        path: d.path as string,
        durationS: typeof d.durationS === "number" ? d.durationS : (same?.durationS ?? null),
        frames: typeof d.frames === "number" ? d.frames : (same?.frames ?? null),
        success: d.success !== false,
        quality: optionalString(d.quality) ?? same?.quality ?? null,
        task: optionalString(d.task) ?? same?.task ?? null,
        t: ev.t,
      };
    }
  }

  /** A status reply (polled), or the reply to a start/save/discard the page asked for. */
  recorderReply(r: RecorderReply, at: number, saved?: { success: boolean }): void {
    const extra = r as RecorderReply & Record<string, unknown>;
    this.recording = {
      recording: r.recording,
      frames: r.frames ?? null,
      durationS: r.durationS ?? null,
      path: r.path ?? null,
      task: optionalString(extra.task),
      error: r.ok ? null : (r.error ?? "recorder reported a failure"),
    };
    this.recordingAt = at;
    if (saved && r.ok && r.path) {
      const same = this.lastEpisode?.path === r.path ? this.lastEpisode : null;
      this.lastEpisode = {
        path: r.path,
        durationS: r.durationS ?? same?.durationS ?? null,
        frames: r.frames ?? same?.frames ?? null,
        success: saved.success,
        quality: optionalString(extra.quality) ?? same?.quality ?? null,
        task: optionalString(extra.task) ?? same?.task ?? null,
        t: at,
      };
    }
  }

  /** A status request failed: the last answer stays (its age greys the tile), with the reason. */
  recorderUnavailable(reason: string): void {
    this.recording = {
      ...(this.recording ?? {
        recording: null,
        frames: null,
        durationS: null,
        path: null,
        task: null,
      }),
      error: reason,
    };
  }

  /** Services that went down or came back since the last call, as events. */
  checkServices(at: number): void {
    const state = new Map<string, boolean>();
    for (const r of this.book.rows(at)) {
      state.set(r.service, (state.get(r.service) ?? true) && r.status === "down");
    }
    for (const [service, down] of state) {
      const before = this.wasDown.get(service);
      if (before !== undefined && before !== down) {
        this.eventLog.add({
          t: at,
          service,
          type: down ? "service.down" : "service.up",
          text: down ? `${service} stopped reporting (down)` : `${service} is back`,
          level: down ? "error" : "info",
        });
      }
      this.wasDown.set(service, down);
    }
  }

  /** One plot row from the latest values; kept in the 10 s history and returned. */
  sample(at: number): PlotRow {
    const loops: Record<string, number> = {};
    for (const r of this.book.rows(at)) {
      if (r.status === "down") continue;
      for (const [name, l] of Object.entries(r.loops)) loops[`${r.service}.${name}`] = l.hz;
    }
    const cmd = fresh(this.command, at)?.value;
    const robot = fresh(this.robot, at)?.value;
    const control = fresh(this.control, at)?.value;
    const vr = fresh(this.vr, at)?.value;
    const hand = vr ? drivingHand(vr) : undefined;
    const row: PlotRow = {
      t: at,
      loops,
      rttMs: robot?.rttMs ?? null,
      vrLatencyMs: cmd && cmd.vrT !== null ? cmd.t - cmd.vrT : null,
      target: cmd ? [...cmd.target.position] : null,
      measured: robot ? [...robot.pose.position] : null,
      grip: hand?.grip ?? null,
      trigger: hand?.trigger ?? null,
      clutch: control ? (control.movement ? 1 : 0) : null,
      gripperTarget: cmd?.gripper ?? null,
      gripper: robot?.gripper ?? null,
    };
    this.history.push(row);
    while (this.history.length > 0 && this.history[0]!.t < at - PLOT_WINDOW_MS)
      this.history.shift();
    return row;
  }

  /** The rows of the last 10 s (for a page that just connected). */
  historyRows(): PlotRow[] {
    return [...this.history];
  }

  frame(at: number, rows: PlotRow[]): DashboardFrame {
    const services = this.book.rows(at);
    const st = (name: string) => serviceState(services, name);
    const age = (h: Held<unknown> | undefined) => (h ? at - h.at : null);
    const c = this.control;
    const r = this.robot;
    const v = this.vr;
    const cmd = fresh(this.command, at)?.value;
    const rec = this.recording;
    const recorderAge = this.recordingAt === undefined ? null : at - this.recordingAt;
    return {
      t: at,
      services,
      tiles: {
        control: freshness(age(c), st("controller"), STALE_MS, "controller"),
        command: freshness(age(this.command), st("controller"), STALE_MS, "controller"),
        robot: freshness(age(r), st("robot-bridge"), STALE_MS, "robot-bridge"),
        vr: freshness(age(v), st("vr-ingest"), STALE_MS, "vr-ingest"),
        recording: freshness(recorderAge, st("recorder"), RECORDER_STALE_MS, "recorder"),
      },
      control: c
        ? {
            mode: c.value.mode,
            movement: c.value.movement,
            calibrated: c.value.calibrated,
            hz: c.value.hz,
            vrAgeMs: c.value.vrAgeMs,
            robotAgeMs: c.value.robotAgeMs,
            ageMs: at - c.at,
          }
        : null,
      robot: r
        ? {
            backend: r.value.backend,
            rttMs: r.value.rttMs,
            gripper: r.value.gripper,
            ageMs: at - r.at,
          }
        : null,
      vr: v
        ? {
            source: v.value.source,
            hands: (["right", "left"] as const).flatMap((hand) => {
              const h = v.value[hand];
              return h ? [{ hand, tracked: h.tracked, grip: h.grip, trigger: h.trigger }] : [];
            }),
            ageMs: at - v.at,
          }
        : null,
      vrLatencyMs: cmd && cmd.vrT !== null ? cmd.t - cmd.vrT : null,
      recording: rec,
      lastEpisode: this.lastEpisode,
      arm: this.arm(at),
      cameras: this.cameras.views(at).map((cam) => ({
        ...cam,
        state: cam.ageMs > CAMERA_STALE_MS ? ("stale" as const) : ("live" as const),
      })),
      events: this.eventLog.list(),
      rows,
    };
  }

  private arm(at: number): ArmView {
    const robot = fresh(this.robot, at)?.value;
    const cmd = fresh(this.command, at)?.value;
    const vr = fresh(this.vr, at)?.value;
    return {
      joints: robot?.joints ? [...robot.joints.position] : null,
      measured: robot ? [...robot.pose.position] : null,
      target: cmd ? [...cmd.target.position] : null,
      controllers: (["right", "left"] as const).flatMap((hand) => {
        const h = vr?.[hand];
        return h?.tracked ? [{ hand, position: [...h.pose.position] }] : [];
      }),
    };
  }
}

function fresh<T>(held: Held<T> | undefined, at: number): Held<T> | undefined {
  return held && at - held.at <= STALE_MS ? held : undefined;
}
