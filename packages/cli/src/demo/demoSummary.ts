/** The demo's closing summary and its progress line; every figure comes from the services or the file. */
import type { ControlFigures, RttFigures, RttSummary } from "./EpisodeWatch";

export interface FileFigures {
  path: string;
  valid: boolean;
  frames: number;
  durationS: number;
  dropped: number | null;
  errors: string[];
}

/** Where the simulated cube started and ended (first and last teleop.sim.scene of the run). */
export interface CubeFigures {
  start: [number, number, number];
  end: [number, number, number];
  /** Whether any scene showed it in the gripper. */
  grasped: boolean;
}

/** One camera as the camera service's health reports it. */
export interface CameraFigures {
  id: string;
  state: string;
  fps: number;
  targetFps: number;
  width: number;
  height: number;
  frames: number;
}

export interface SummaryInput {
  file: FileFigures;
  /** The recorder's and controller's loop rates from their health messages. */
  recorderLoopHz: number | undefined;
  controllerLoopHz: number | undefined;
  control: ControlFigures | undefined;
  rtt: RttFigures | undefined;
  /** Undefined when no scene was published (a backend without a simulated world). */
  cube?: CubeFigures;
  /** Undefined when no camera service reported. */
  cameras?: CameraFigures[];
  totalS: number;
}

const hz = (x: number | undefined) => (x === undefined ? "not reported" : `${x.toFixed(1)} Hz`);

const rtt = (r: RttSummary) =>
  `${r.meanMs.toFixed(0)} ms mean (p50 ${r.p50Ms.toFixed(0)}, p99 ${r.p99Ms.toFixed(0)})`;

function formatRtt(r: RttFigures | undefined): string {
  if (!r) return "no robot state with a round trip during the episode";
  const polls = r.polls ? `state polls ${rtt(r.polls)} over ${r.polls.n}` : "no state polls";
  const commands = r.commands
    ? `${rtt(r.commands)} over ${r.commands.n} commands`
    : "no command round trips (the arm was not driven)";
  return `${commands}; ${polls} (${r.backend} backend)`;
}

const xyz = (p: readonly number[]) => `(${p.map((x) => x.toFixed(3)).join(", ")})`;

export function formatCube(c: CubeFigures | undefined): string {
  if (!c) return "no simulated scene published";
  const moved = Math.hypot(...c.end.map((x, i) => x - c.start[i]!));
  if (moved < 0.005) {
    return `not moved: still at ${xyz(c.end)}${c.grasped ? " (grasped, put back)" : " (never grasped)"}`;
  }
  return `moved ${moved.toFixed(3)} m: from ${xyz(c.start)} to ${xyz(c.end)}${c.grasped ? ", carried by the gripper" : ""}`;
}

export function formatCameras(cameras: CameraFigures[] | undefined): string {
  if (!cameras || cameras.length === 0) return "no camera service reported";
  return cameras
    .map((c) =>
      c.state === "streaming"
        ? `${c.id} ${c.width}x${c.height} @ ${c.fps.toFixed(1)} fps (target ${c.targetFps}), ${c.frames} frames`
        : `${c.id} ${c.state}`,
    )
    .join("; ");
}

export function formatSummary(s: SummaryInput): string {
  const f = s.file;
  const fileRate = f.durationS > 0 ? f.frames / f.durationS : undefined;
  const modes = s.control?.modes.map((m) => `${m.mode} ${(m.share * 100).toFixed(0)} %`).join(", ");
  const rows: Array<[string, string]> = [
    ["file", f.path],
    ["verified", f.valid ? "valid" : `INVALID: ${f.errors.join("; ")}`],
    ["duration", `${f.durationS.toFixed(2)} s`],
    ["frames", `${f.frames}`],
    [
      "recording rate",
      `${hz(fileRate)} (file: frames / duration); recorder loop ${hz(s.recorderLoopHz)}`,
    ],
    [
      "control",
      s.control
        ? `${s.control.meanHz.toFixed(1)} Hz (controller loop ${hz(s.controllerLoopHz)}); mode ${modes} of ${s.control.messages} status messages`
        : "no control status received during the episode",
    ],
    ["robot round-trip", formatRtt(s.rtt)],
    ["cube", formatCube(s.cube)],
    ["cameras", formatCameras(s.cameras)],
    ["dropped records", f.dropped === null ? "unknown" : String(f.dropped)],
    ["demo time", `${s.totalS.toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    f.valid ? "Demo episode saved and verified." : "Demo episode saved but did NOT verify.",
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
  ].join("\n");
}

export interface ProgressInput {
  frames: number | null;
  elapsedS: number | null;
  controlHz: number | undefined;
  mode: string | undefined;
  rttMs: number | null;
}

export function formatProgress(p: ProgressInput): string {
  const parts = [
    "● recording",
    `frames ${p.frames ?? "-"}`,
    `${p.elapsedS === null ? "-" : p.elapsedS.toFixed(1)} s`,
    `control ${p.controlHz === undefined ? "-" : `${p.controlHz.toFixed(1)} Hz`} ${p.mode ?? ""}`.trimEnd(),
    `robot rtt ${p.rttMs === null ? "-" : `${p.rttMs.toFixed(0)} ms`}`,
  ];
  return parts.join("  ");
}
