/** `teleop tap <pattern>`: every message on matching subjects as one JSON line. */
import { parseArgs } from "node:util";
import { subjects } from "@teleop/shared/subjects";
import { connectCli, connectionConfig, connectionOptions, untilSignal } from "../connect";
import { formatTap, parseFieldList } from "../tapFormat";

export const tapUsage =
  "teleop tap [subject pattern, default <prefix>.>] [--pretty] [--fields a.b,c] [--count N]   e.g. teleop tap 'teleop.robot.>'";

export async function tap(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      pretty: { type: "boolean", default: false },
      fields: { type: "string" },
      count: { type: "string" },
    },
  });
  if (positionals.length > 1) throw new Error(`usage: ${tapUsage}`);
  const connection = connectionConfig(values);
  // No pattern: everything under this rig's prefix.
  const pattern = positionals[0] ?? subjects(connection.prefix).all;
  const count = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
  if (values.count !== undefined && !(Number.isInteger(count) && count >= 1)) {
    throw new Error("--count needs a whole number >= 1");
  }
  const opts = { pretty: values.pretty, fields: parseFieldList(values.fields) };

  const bus = await connectCli(connection);
  let seen = 0;
  const done = Promise.withResolvers<void>();
  bus.nc.subscribe(pattern, {
    callback: (err, msg) => {
      if (err || seen >= count) return;
      seen++;
      process.stdout.write(`${formatTap(msg.subject, msg.data, opts)}\n`);
      if (seen >= count) done.resolve();
    },
  });
  await Promise.race([done.promise, untilSignal()]);
  await bus.close();
  return 0;
}
