/** `teleop verify <file.mcap>`: the recorder's verifier; exit 1 on an invalid file. */
import { formatReport, verifyFile } from "@teleop/recording/verify";

export const verifyUsage = "teleop verify <file.mcap>";

export async function verify(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith("--")) throw new Error(`usage: ${verifyUsage}`);
  const report = await verifyFile(argv[0]!);
  process.stdout.write(`${formatReport(report)}\n`);
  return report.valid ? 0 : 1;
}
