/**
 * Raw bus messages are recorded on a channel named after the default-prefix
 * subject (`teleop.vr.state` -> `/teleop/vr/state`), whatever the rig's prefix,
 * so files from every rig read the same.
 */
import { DEFAULT_PREFIX, subjects } from "@teleop/shared/subjects";

export function recordedTopic(subjectOf: (s: ReturnType<typeof subjects>) => string): string {
  return `/${subjectOf(subjects(DEFAULT_PREFIX)).replaceAll(".", "/")}`;
}
