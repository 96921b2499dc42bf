/** `teleop status`: every service from `<prefix>.health.*` in one table, refreshed in place. */
import { parseArgs } from "node:util";
import { HealthMsg } from "@teleop/shared/messages";
import type { CommandHelp } from "../commandHelp";
import { connectCli, connectionConfig, connectionOptions, untilSignal } from "../connect";
import { HealthBook } from "../HealthBook";
import { showFrame } from "../screen";
import { formatStatus } from "../statusFormat";

export const statusHelp: CommandHelp = {
  summary: "every service's health in one table (status, uptime, loop rates, counters), refreshed",
  usage: "status [--once]",
  options: [["--once", "listen 1.5 s, print the table once and exit (for scripts)"]],
  nats: true,
  examples: ["teleop status", "teleop status --once --prefix rig2"],
};

/** Health arrives at 1 Hz: listen this long before printing once. */
const ONCE_LISTEN_MS = 1500;
const REFRESH_MS = 500;

export async function status(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...connectionOptions, once: { type: "boolean", default: false } },
  });
  const bus = await connectCli(connectionConfig(values));
  const book = new HealthBook();
  bus.subscribe(bus.subjects.healthAll, HealthMsg, (h) => book.update(h, Date.now()));
  const show = () => showFrame(formatStatus(book.rows(Date.now())));
  if (values.once) {
    await Bun.sleep(ONCE_LISTEN_MS);
    process.stdout.write(`${formatStatus(book.rows(Date.now()))}\n`);
  } else {
    const timer = setInterval(show, REFRESH_MS);
    await untilSignal();
    clearInterval(timer);
  }
  await bus.close();
  return 0;
}
