/**
 * What the page says, as text and a tone, from what it knows: its own link
 * and last frame (per-controller tracking) and vr-ingest's operator status
 * (clutch, why the arm holds, robot, recording). Pure; main.ts renders it.
 */
import type { OperatorStatusView, PageController, PageSettings } from "../wire";

export type Tone = "good" | "bad" | "warn" | undefined;
export type Line = [text: string, tone?: Tone];

/** The controller's holdReason, in the operator's words. */
export const HOLD_REASONS: Record<string, string> = {
  grip: "grip not held",
  untracked: "controller not tracked",
  vrTimeout: "VR data stale (no fresh frames reach the controller)",
  jump: "controller jumped (pose rejected)",
  referenceReset: "recentred: let go of grip and squeeze again",
  uncalibrated: "not calibrated: squeeze grip or click the stick",
  noRobotState: "no robot (no robot state: is robot-bridge running?)",
  reset: "resetting: the arm is going home",
  nonFinite: "bad control output (not finite)",
};

export function holdReasonText(reason: string | null): string {
  if (reason === null) return "released";
  return HOLD_REASONS[reason] ?? reason;
}

export function trackingLine(c: PageController | undefined, s: PageSettings | undefined): Line {
  if (!c) return ["not seen"];
  if (!c.tracked) return ["untracked", "bad"];
  if (c.emulated) {
    return s?.acceptEmulated
      ? ["position inferred (drives: WEBXR_ACCEPT_EMULATED)", "warn"]
      : ["position inferred: held (tracking lost)", "bad"];
  }
  return ["tracked", "good"];
}

export function clutchLine(status: OperatorStatusView, latchHolding: boolean): Line {
  if (latchHolding) return ["released by recentre: let go of grip", "bad"];
  if (status.movement === null) return ["unknown (controller not running)", "bad"];
  if (status.movement) return ["engaged: the arm follows", "good"];
  const reason = holdReasonText(status.holdReason);
  return [`released: ${reason}`, status.holdReason === "grip" ? undefined : "warn"];
}

export function armLine(status: OperatorStatusView): Line {
  if (status.movement === null) return ["unknown: no control status", "bad"];
  if (status.movement) {
    const edge = status.atEdge ? ", at the workspace edge" : "";
    return [`follows the hand (${status.mode ?? "?"}${edge})`, status.atEdge ? "warn" : "good"];
  }
  return [`holds still: ${holdReasonText(status.holdReason)}`];
}

export function robotLine(status: OperatorStatusView): Line {
  if (status.movement === null) return ["unknown"];
  if (status.robotAgeMs === null) return ["no robot state", "bad"];
  const age = `state ${status.robotAgeMs.toFixed(0)} ms old`;
  return [`${status.mode ?? "?"}, ${age}`, status.robotAgeMs > 1000 ? "bad" : undefined];
}

export function recordingLine(recording: boolean | null): Line {
  if (recording === null) return ["unknown"];
  return recording ? ["recording", "bad"] : ["not recording"];
}

/**
 * The headset's view colour (the page shows no text in VR): red not
 * connected, green the arm follows, grey idle (grip not held), amber held for
 * any other reason; a purple tint while recording.
 */
export function sceneColor(
  connected: boolean,
  status: OperatorStatusView,
  latchHolding: boolean,
): [number, number, number] {
  const tint = status.recording ? 0.15 : 0;
  if (!connected) return [0.35, 0, tint];
  if (status.movement) return [tint, 0.3, tint];
  if (!latchHolding && status.holdReason === "grip") return [0.1 + tint, 0.1, 0.12 + tint];
  return [0.35, 0.22, tint];
}
