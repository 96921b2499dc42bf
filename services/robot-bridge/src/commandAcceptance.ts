/**
 * Whether the bridge may apply a command: the one place that decides, so
 * later rules (only the active controller, by its lease) are added here.
 */
import type { RobotCommand } from "@teleop/shared/messages";

export interface AcceptanceContext {
  /** Epoch ms now. */
  now: number;
  /** End of the last home procedure (epoch ms): commands made before it are stale. */
  resetEndedAt: number;
}

export type Acceptance =
  | { ok: true }
  | { ok: false; reason: "late" | "beforeReset"; detail: string };

export function acceptCommand(cmd: RobotCommand, ctx: AcceptanceContext): Acceptance {
  if (ctx.now > cmd.deadline) {
    return {
      ok: false,
      reason: "late",
      detail: `command ${cmd.seq} is ${(ctx.now - cmd.deadline).toFixed(1)} ms past its deadline`,
    };
  }
  if (cmd.t < ctx.resetEndedAt) {
    return {
      ok: false,
      reason: "beforeReset",
      detail: `command ${cmd.seq} was made before the last reset ended`,
    };
  }
  return { ok: true };
}
