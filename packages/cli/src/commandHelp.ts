/**
 * One `--help` for every `teleop` command: what it does, its options and an
 * example, printed by the dispatcher in main.ts before the command runs. A
 * command describes itself with a CommandHelp; one that gives only a usage
 * line and a summary still gets a help page built from those.
 */
import type { Specs } from "@teleop/shared/config";

export interface CommandHelp {
  /** One line: what the command does. */
  summary: string;
  /** The synopsis after `teleop`, e.g. `tap [pattern] [--json]`. */
  usage: string;
  /** Flag (with its value placeholder) and what it does. */
  options?: ReadonlyArray<readonly [flag: string, text: string]>;
  /** Environment variables the command itself reads, as one line. */
  env?: string;
  examples?: readonly string[];
  /** Whether --nats-url and --prefix apply (listed once, here). */
  nats?: boolean;
}

/** A mistake in how a command was called: exit 2 and a pointer to --help. */
export class UsageError extends Error {}

export const NATS_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ["--nats-url URL", "NATS server (NATS_URL; default nats://127.0.0.1:4222)"],
  ["--prefix P", "subject prefix of the rig (TELEOP_PREFIX; default teleop)"],
];

/** The options of a shared-config spec table (the dashboard's and the services' style). */
export function specOptions(specs: Specs): Array<readonly [string, string]> {
  return Object.values(specs).map(
    (s) => [`${s.flag} (${s.env})`, `${s.help}; default ${JSON.stringify(s.default)}`] as const,
  );
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

export function formatHelp(name: string, h: CommandHelp): string {
  const options = [
    ...(h.options ?? []),
    ...(h.nats ? NATS_OPTIONS : []),
    ["--help, -h", "this text"] as const,
  ];
  const width = Math.min(34, Math.max(0, ...options.map(([flag]) => flag.length)));
  const lines = [`teleop ${name}: ${h.summary}`, "", `usage: teleop ${h.usage}`];
  lines.push("", "options:");
  for (const [flag, text] of options) {
    // A flag too long for the column gets its text on the next line.
    lines.push(
      flag.length > width
        ? `  ${flag}\n  ${" ".repeat(width)}  ${text}`
        : `  ${flag.padEnd(width)}  ${text}`,
    );
  }
  if (h.env) lines.push("", `environment: ${h.env}`);
  if (h.examples?.length) lines.push("", "examples:", ...h.examples.map((e) => `  ${e}`));
  return `${lines.join("\n")}\n`;
}
