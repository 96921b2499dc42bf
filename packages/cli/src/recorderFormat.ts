/** Text of a recorder reply for `teleop record`. */
import type { RecorderReply } from "@teleop/shared/messages";

export function formatRecorderReply(r: RecorderReply): string {
  const parts = [r.ok ? "ok" : "failed", r.recording ? "recording" : "not recording"];
  if (r.path !== undefined) parts.push(`path=${r.path}`);
  if (r.frames !== undefined) parts.push(`frames=${r.frames}`);
  if (r.durationS !== undefined) parts.push(`duration=${r.durationS.toFixed(1)}s`);
  if (r.task) parts.push(`task=${JSON.stringify(r.task)}`);
  if (r.saveMs !== undefined) parts.push(`final in ${r.saveMs.toFixed(0)} ms`);
  if (r.error !== undefined) parts.push(`error: ${r.error}`);
  return parts.join("  ");
}
