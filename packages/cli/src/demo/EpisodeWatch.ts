/**
 * What the demo learns from the running services while an episode records:
 * control status (rate, mode shares), robot round trips and the latest
 * health of each service. Pure: messages in, figures out.
 */
import type { ControlStatus, Health, RobotState } from "@teleop/shared/messages";
import { summarize } from "@teleop/shared/stats";

export interface ControlFigures {
  messages: number;
  /** Mean of the controller's reported achieved rate. */
  meanHz: number;
  /** Share (0..1) of status messages in each mode, largest first. */
  modes: Array<{ mode: ControlStatus["mode"]; share: number }>;
}

export interface RttSummary {
  n: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** Round trips of commands (state answers a command) and of state polls (commandSeq null), apart. */
export interface RttFigures {
  commands: RttSummary | undefined;
  polls: RttSummary | undefined;
  backend: string;
}

function rttSummary(xs: readonly number[]): RttSummary | undefined {
  if (xs.length === 0) return undefined;
  const s = summarize(xs);
  return { n: s.n, meanMs: s.mean, p50Ms: s.p50, p99Ms: s.p99 };
}

export class EpisodeWatch {
  private recording = false;
  private readonly hz: number[] = [];
  private readonly modeCounts = new Map<ControlStatus["mode"], number>();
  private readonly commandRtts: number[] = [];
  private readonly pollRtts: number[] = [];
  private backend = "";
  private readonly healths = new Map<string, Health>();
  latestControl: ControlStatus | undefined;
  latestRttMs: number | null = null;

  /** Figures count only while the episode records. */
  setRecording(on: boolean): void {
    this.recording = on;
  }

  control(s: ControlStatus): void {
    this.latestControl = s;
    if (!this.recording) return;
    this.hz.push(s.hz);
    this.modeCounts.set(s.mode, (this.modeCounts.get(s.mode) ?? 0) + 1);
  }

  robotState(s: RobotState): void {
    if (s.rttMs === null) return;
    this.latestRttMs = s.rttMs;
    if (!this.recording) return;
    (s.commandSeq === null ? this.pollRtts : this.commandRtts).push(s.rttMs);
    this.backend = s.backend;
  }

  health(h: Health): void {
    this.healths.set(h.service, h);
  }

  /** The named loop's achieved rate from the service's latest health. */
  loopHz(service: string, loop: string): number | undefined {
    return this.healths.get(service)?.loops[loop]?.hz;
  }

  controlFigures(): ControlFigures | undefined {
    const n = this.hz.length;
    if (n === 0) return undefined;
    const modes = [...this.modeCounts]
      .map(([mode, count]) => ({ mode, share: count / n }))
      .sort((a, b) => b.share - a.share);
    return { messages: n, meanHz: this.hz.reduce((s, x) => s + x, 0) / n, modes };
  }

  rttFigures(): RttFigures | undefined {
    if (this.commandRtts.length + this.pollRtts.length === 0) return undefined;
    return {
      commands: rttSummary(this.commandRtts),
      polls: rttSummary(this.pollRtts),
      backend: this.backend,
    };
  }
}
