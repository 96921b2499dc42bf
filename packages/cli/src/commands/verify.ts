/** `teleop verify <file.mcap>`: the recorder's verifier; exit 1 on an invalid file, 2 when there is none. */
import { existsSync, statSync } from "node:fs";
import { formatReport, verifyFile } from "@teleop/recording/verify";
import { type CommandHelp, UsageError } from "../commandHelp";

export const verifyHelp: CommandHelp = {
  summary:
    "check a recorded MCAP file: required topics, per-topic rates and gaps, drops, stale counts",
  usage: "verify <file.mcap>",
  examples: ["teleop verify recordings/success/trajectory_20261201_101500_000_12.3s.mcap"],
};

export async function verify(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith("-")) {
    throw new UsageError(`usage: teleop ${verifyHelp.usage}`);
  }
  const path = argv[0]!;
  if (!existsSync(path) || !statSync(path).isFile()) {
    process.stderr.write(`teleop verify: no such file: ${path}\n`);
    return 2;
  }
  const report = await verifyFile(path);
  process.stdout.write(`${formatReport(report)}\n`);
  return report.valid ? 0 : 1;
}
