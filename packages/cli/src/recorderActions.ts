/**
 * The recorder's request API as the CLI (`teleop record`) and the dashboard's
 * buttons use it: which subject and request each action sends, and what to
 * tell a person when the recorder refuses (start while recording, save or
 * discard with nothing recorded).
 */
import type { RecorderReply } from "@teleop/shared/messages";
import type { Subjects } from "@teleop/shared/subjects";

export const RECORDER_ACTIONS = ["start", "save", "save-failure", "discard", "status"] as const;
export type RecorderAction = (typeof RECORDER_ACTIONS)[number];

export function isRecorderAction(x: string): x is RecorderAction {
  return (RECORDER_ACTIONS as readonly string[]).includes(x);
}

/** Longest a task label may be (one line of a dataset's task list). */
export const MAX_TASK_LENGTH = 200;

export function recorderRequest(
  s: Subjects,
  action: RecorderAction,
  labels: { task?: string; operator?: string; notes?: string } = {},
): { subject: string; request: Record<string, unknown> } {
  switch (action) {
    case "start": {
      const request: Record<string, string> = {};
      const task = labels.task?.trim().slice(0, MAX_TASK_LENGTH);
      if (task) request.task = task;
      if (labels.operator) request.operator = labels.operator;
      if (labels.notes) request.notes = labels.notes;
      return { subject: s.recorderStart, request };
    }
    case "save":
      return { subject: s.recorderSave, request: { success: true } };
    case "save-failure":
      return { subject: s.recorderSave, request: { success: false } };
    case "discard":
      return { subject: s.recorderDiscard, request: {} };
    case "status":
      return { subject: s.recorderStatus, request: {} };
  }
}

/** How a person asks for each action: CLI commands, or the dashboard's buttons. */
export interface ActionWords {
  start: string;
  save: string;
  saveFailure: string;
  discard: string;
}

export const CLI_WORDS: ActionWords = {
  start: "`teleop record start`",
  save: "`teleop record save`",
  saveFailure: "`teleop record save --failure`",
  discard: "`teleop record discard`",
};

/** What to do next when the recorder refused an action; undefined when it did not. */
export function recorderHint(
  action: RecorderAction,
  reply: RecorderReply,
  words: ActionWords = CLI_WORDS,
): string | undefined {
  if (reply.ok) return undefined;
  if (action === "start" && reply.recording) {
    const what = reply.path ? `an episode is being recorded (${reply.path})` : "already recording";
    return `${what}: save it with ${words.save} (${words.saveFailure} for a failed attempt) or drop it with ${words.discard}`;
  }
  if (
    (action === "save" || action === "save-failure" || action === "discard") &&
    !reply.recording
  ) {
    return `nothing is being recorded: start an episode with ${words.start} (or A on the controller)`;
  }
  return undefined;
}
