/** `teleop hz <pattern>`: per-subject rate, period spread and message age, refreshed each second. */
import { parseArgs } from "node:util";
import { decodeAny } from "@teleop/shared/codec";
import { subjects } from "@teleop/shared/subjects";
import { connectCli, connectionConfig, connectionOptions, untilSignal } from "../connect";
import { HzTracker, sourceTime } from "../HzTracker";
import { formatHz } from "../hzFormat";
import { showFrame } from "../screen";

export const hzUsage =
  "teleop hz [subject pattern, default <prefix>.>] [--window S (5)] [--duration S]   e.g. teleop hz 'teleop.>'";

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
  if (positionals.length > 1) throw new Error(`usage: ${hzUsage}`);
  const connection = connectionConfig(values);
  // No pattern: everything under this rig's prefix.
  const pattern = positionals[0] ?? subjects(connection.prefix).all;
  const windowS = Number(values.window);
  if (!(windowS > 0)) throw new Error("--window needs a number of seconds > 0");
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (durationS !== undefined && !(durationS > 0)) throw new Error("--duration needs seconds > 0");

  const bus = await connectCli(connection);
  const tracker = new HzTracker(windowS * 1000);
  bus.nc.subscribe(pattern, {
    callback: (err, msg) => {
      if (err) return;
      const r = decodeAny(msg.data);
      tracker.record(msg.subject, Date.now(), r.ok ? sourceTime(r.value) : undefined);
    },
  });
  const show = () => showFrame(formatHz(tracker.stats(Date.now()), windowS * 1000));
  const timer = setInterval(show, 1000);
  const stops = [untilSignal()];
  if (durationS !== undefined) stops.push(Bun.sleep(durationS * 1000));
  await Promise.race(stops);
  clearInterval(timer);
  show();
  await bus.close();
  return 0;
}
