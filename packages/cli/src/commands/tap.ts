/** `teleop tap <pattern>`: every message on matching subjects, one line each (readable or JSON). */
import { parseArgs } from "node:util";
import { subjects } from "@teleop/shared/subjects";
import { type CommandHelp, UsageError } from "../commandHelp";
import { connectCli, connectionConfig, connectionOptions, untilSignal } from "../connect";
import { checkSubjectPattern } from "../subjectPattern";
import { formatTap, parseFieldList } from "../tapFormat";

export const tapHelp: CommandHelp = {
  summary: "print each message on matching subjects, one line per message",
  usage:
    "tap [subject pattern, default <prefix>.>] [--fields a.b,c] [--count N] [--json | --pretty]",
  options: [
    ["--fields a.b,c", "only these dotted paths (array indices too: pose.position.0)"],
    ["--count N", "stop after N messages"],
    ["--json", "one JSON line {subject, msg} per message, for scripts (default: readable text)"],
    ["--pretty", "indented JSON"],
  ],
  nats: true,
  examples: [
    "teleop tap 'teleop.robot.>'",
    "teleop tap teleop.robot.command --fields target.position,mode --count 5",
    "teleop tap teleop.events --json | jq .msg.type",
  ],
};

export async function tap(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      json: { type: "boolean", default: false },
      pretty: { type: "boolean", default: false },
      fields: { type: "string" },
      count: { type: "string" },
    },
  });
  if (positionals.length > 1) throw new UsageError(`usage: teleop ${tapHelp.usage}`);
  const connection = connectionConfig(values);
  // No pattern: everything under this rig's prefix.
  const pattern = checkSubjectPattern(positionals[0] ?? subjects(connection.prefix).all);
  const count = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
  if (values.count !== undefined && !(Number.isInteger(count) && count >= 1)) {
    throw new Error("--count needs a whole number >= 1");
  }
  const mode = values.pretty ? "pretty" : values.json ? "json" : "text";
  const opts = { mode, fields: parseFieldList(values.fields) } as const;

  const bus = await connectCli(connection);
  let seen = 0;
  const done = Promise.withResolvers<void>();
  const failed = Promise.withResolvers<Error>();
  bus.nc.subscribe(pattern, {
    callback: (err, msg) => {
      if (err) return failed.resolve(err);
      if (seen >= count) return;
      seen++;
      process.stdout.write(`${formatTap(msg.subject, msg.data, opts)}\n`);
      if (seen >= count) done.resolve();
    },
  });
  const err = await Promise.race([done.promise, untilSignal(), failed.promise]);
  await bus.close();
  if (err) throw new Error(`subscription to ${pattern} failed: ${err.message}`);
  return 0;
}
