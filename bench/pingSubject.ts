/** The bench's own request subject for the bus-hop ping-pong; no service uses it. */
import type { Subjects } from "@teleop/shared/subjects";

export const pingSubject = (s: Subjects): string => `${s.prefix}.bench.ping`;
