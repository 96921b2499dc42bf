/**
 * Haptic cues on the followed controller: what the operator feels without
 * looking. Each cue has its own short pattern of pulses; which cues a status
 * change gives is a pure function, and playing one needs only the gamepad
 * (`hapticActuators[0].pulse`, or Chromium's `vibrationActuator.playEffect`).
 */
import type { NoticeKind, OperatorStatusView } from "../wire";
import type { GamepadLike } from "./xrTypes";

export type Cue = "engaged" | "released" | "edge" | NoticeKind;

export interface Pulse {
  /** 0..1 */
  intensity: number;
  ms: number;
  /** Pause after this pulse before the next one starts. */
  gapMs: number;
}

const p = (intensity: number, ms: number, gapMs = 0): Pulse => ({ intensity, ms, gapMs });

/** Short and distinct: one tick to engage, a soft double to release, a hard buzz at the edge. */
export const PATTERNS: Record<Cue, readonly Pulse[]> = {
  engaged: [p(0.6, 40)],
  released: [p(0.3, 30, 60), p(0.3, 30)],
  edge: [p(1, 120)],
  episodeStarted: [p(0.5, 50, 70), p(0.5, 50, 70), p(0.5, 50)],
  episodeSaved: [p(0.8, 150, 80), p(0.4, 50)],
  episodeDiscarded: [p(0.7, 120, 100), p(0.7, 120)],
  robotFault: [p(1, 200, 100), p(1, 200, 100), p(1, 200)],
};

/** Cues from one operator status to the next: clutch engaged or released, the edge reached. */
export function statusCues(prev: OperatorStatusView | undefined, next: OperatorStatusView): Cue[] {
  const cues: Cue[] = [];
  const was = prev?.movement ?? false;
  const now = next.movement ?? false;
  if (now && !was) cues.push("engaged");
  if (!now && was) cues.push("released");
  if (next.atEdge && !(prev?.atEdge ?? false)) cues.push("edge");
  return cues;
}

export type Schedule = (fn: () => void, ms: number) => void;

/** Plays a pattern on one gamepad; false when it has no actuator. */
export function playPattern(
  pad: GamepadLike | undefined,
  pattern: readonly Pulse[],
  schedule: Schedule = (fn, ms) => setTimeout(fn, ms),
): boolean {
  const actuator = pad?.hapticActuators?.[0];
  const vibration = pad?.vibrationActuator;
  if (!actuator && !vibration) return false;
  let at = 0;
  for (const step of pattern) {
    const fire = () => {
      if (actuator) void actuator.pulse(step.intensity, step.ms).catch(() => undefined);
      else
        void vibration
          ?.playEffect("dual-rumble", {
            duration: step.ms,
            strongMagnitude: step.intensity,
            weakMagnitude: step.intensity,
          })
          .catch(() => undefined);
    };
    if (at === 0) fire();
    else schedule(fire, at);
    at += step.ms + step.gapMs;
  }
  return true;
}
