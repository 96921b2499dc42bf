/**
 * NATS subject patterns typed by a person (`teleop tap`, `teleop hz`): checked
 * before subscribing, because the server answers a bad one with an
 * asynchronous protocol error that leaves the command waiting forever.
 */

import { UsageError } from "./commandHelp";

/** Why `pattern` is not a valid subscription subject, or undefined when it is. */
export function subjectPatternError(pattern: string): string | undefined {
  if (pattern.length === 0) return "the subject is empty";
  if (/\s/.test(pattern)) return `"${pattern}" contains white space`;
  const tokens = pattern.split(".");
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok === "") return `"${pattern}" has an empty token (two dots, or a dot at an end)`;
    if (tok === ">" && i !== tokens.length - 1) return `">" must be the last token of "${pattern}"`;
    if (tok !== "*" && tok !== ">" && /[*>]/.test(tok)) {
      return `"${tok}" in "${pattern}": * and > stand alone as whole tokens`;
    }
  }
  return undefined;
}

/** Throws a usage error naming the problem and an example. */
export function checkSubjectPattern(pattern: string): string {
  const why = subjectPatternError(pattern);
  if (why) {
    throw new UsageError(
      `bad subject: ${why}. Subjects are dot-separated tokens; * matches one token, > the rest (e.g. teleop.robot.>)`,
    );
  }
  return pattern;
}
