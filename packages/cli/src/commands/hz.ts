/** `teleop hz <pattern>`: per-subject rate, period spread and message age, refreshed each second. */
import { parseArgs } from "node:util";
import { decodeAny } from "@teleop/shared/codec";
import { subjects } from "@teleop/shared/subjects";
import { type CommandHelp, UsageError } from "../commandHelp";
import { connectCli, connectionConfig, connectionOptions, untilSignal } from "../connect";
import { HzTracker, sourceTime } from "../HzTracker";
import { formatHz } from "../hzFormat";
import { showFrame } from "../screen";
import { checkSubjectPattern } from "../subjectPattern";

export const hzHelp: CommandHelp = {
  summary: "rate, period min/max/std and age per subject (like ros2 topic hz)",
  usage: "hz [subject pattern, default <prefix>.>] [--window S] [--duration S]",
  options: [
    ["--window S", "seconds of messages each figure is computed over (default 5)"],
    ["--duration S", "stop after S seconds and print the last table (default: until Ctrl-C)"],
  ],
  nats: true,
  examples: ["teleop hz 'teleop.>'", "teleop hz teleop.vr.state --window 2 --duration 10"],
};

export async function hz(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      window: { type: "string", default: "5" },
      duration: { type: "string" },
    },
  });
  if (positionals.length > 1) throw new UsageError(`usage: teleop ${hzHelp.usage}`);
  const connection = connectionConfig(values);
  // No pattern: everything under this rig's prefix.
  const pattern = checkSubjectPattern(positionals[0] ?? subjects(connection.prefix).all);
  const windowS = Number(values.window);
  if (!(windowS > 0)) throw new Error("--window needs a number of seconds > 0");
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (durationS !== undefined && !(durationS > 0)) throw new Error("--duration needs seconds > 0");

  const bus = await connectCli(connection);
  const tracker = new HzTracker(windowS * 1000);
  const failed = Promise.withResolvers<Error>();
  bus.nc.subscribe(pattern, {
    callback: (err, msg) => {
      if (err) return failed.resolve(err);
      const r = decodeAny(msg.data);
      tracker.record(msg.subject, Date.now(), r.ok ? sourceTime(r.value) : undefined);
    },
  });
  const show = () => showFrame(formatHz(tracker.stats(Date.now()), windowS * 1000));
  const timer = setInterval(show, 1000);
  const stops: Promise<Error | undefined>[] = [untilSignal().then(() => undefined), failed.promise];
  if (durationS !== undefined) stops.push(Bun.sleep(durationS * 1000).then(() => undefined));
  const err = await Promise.race(stops);
  clearInterval(timer);
  await bus.close();
  if (err) throw new Error(`subscription to ${pattern} failed: ${err.message}`);
  show();
  return 0;
}
