/**
 * What the dashboard shows, built from bus messages: service health, control
 * mode, recording state, and plot rows sampled from the latest values. Pure:
 * messages and times in, frames out.
 */
import type {
  ControlStatus,
  Health,
  RecorderReply,
  RobotCommand,
  RobotState,
} from "@teleop/shared/messages";
import { HealthBook, type StatusRow } from "../HealthBook";

/** The plots show this much history. */
export const PLOT_WINDOW_MS = 10_000;
/** A value older than this is not plotted (the line breaks instead of going flat). */
export const STALE_MS = 1000;

export interface PlotRow {
  t: number;
  /** Achieved rate of each service loop from health, keyed `service.loop`. */
  loops: Record<string, number>;
  rttMs: number | null;
  /** command.t - command.vrT of the newest command: VR sample to command. */
  vrLatencyMs: number | null;
  target: number[] | null;
  measured: number[] | null;
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
  ageMs: number;
}

export interface RecordingView {
  /** null when the recorder did not answer (error says why). */
  recording: boolean | null;
  frames: number | null;
  durationS: number | null;
  path: string | null;
  error: string | null;
}

export interface DashboardFrame {
  t: number;
  services: StatusRow[];
  control: ControlView | null;
  robot: RobotView | null;
  recording: RecordingView | null;
  rows: PlotRow[];
}

interface Held<T> {
  value: T;
  at: number;
}

export class DashboardModel {
  private readonly book = new HealthBook();
  private control: Held<ControlStatus> | undefined;
  private command: Held<RobotCommand> | undefined;
  private robot: Held<RobotState> | undefined;
  private recording: RecordingView | null = null;
  private readonly history: PlotRow[] = [];

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

  recorderReply(r: RecorderReply): void {
    this.recording = {
      recording: r.recording,
      frames: r.frames ?? null,
      durationS: r.durationS ?? null,
      path: r.path ?? null,
      error: r.ok ? null : (r.error ?? "recorder reported a failure"),
    };
  }

  recorderUnavailable(reason: string): void {
    this.recording = { recording: null, frames: null, durationS: null, path: null, error: reason };
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
    const row: PlotRow = {
      t: at,
      loops,
      rttMs: robot?.rttMs ?? null,
      vrLatencyMs: cmd && cmd.vrT !== null ? cmd.t - cmd.vrT : null,
      target: cmd ? [...cmd.target.position] : null,
      measured: robot ? [...robot.pose.position] : null,
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
    const c = this.control;
    const r = this.robot;
    return {
      t: at,
      services: this.book.rows(at),
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
      robot: r ? { backend: r.value.backend, rttMs: r.value.rttMs, ageMs: at - r.at } : null,
      recording: this.recording,
      rows,
    };
  }
}

function fresh<T>(held: Held<T> | undefined, at: number): Held<T> | undefined {
  return held && at - held.at <= STALE_MS ? held : undefined;
}
