/**
 * `bun bench/profileSummary.ts <file.cpuprofile> [top] [--skip <s>]`: the
 * functions with the most samples, by self and by inclusive count; `--skip`
 * leaves out the first seconds of the profile (start-up's imports), so what
 * is left is the steady state.
 */
import { readFileSync } from "node:fs";
import { type CpuProfile, summarizeProfile } from "./cpuProfile";

const args = process.argv.slice(2);
const skipAt = args.indexOf("--skip");
const skipS = skipAt >= 0 ? Number(args.splice(skipAt, 2)[1]) : 0;
const [path, topArg] = args;
if (!path || !(skipS >= 0)) {
  process.stderr.write("usage: bun bench/profileSummary.ts <file.cpuprofile> [top] [--skip <s>]\n");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const s = summarizeProfile(JSON.parse(readFileSync(path, "utf8")) as CpuProfile, skipS);
const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
process.stdout.write(`${path}: ${s.samples} samples\n\nself\n`);
for (const f of s.self.slice(0, top)) process.stdout.write(`${pct(f.share)}  ${f.name}\n`);
process.stdout.write("\ninclusive\n");
for (const f of s.inclusive.slice(0, top)) process.stdout.write(`${pct(f.share)}  ${f.name}\n`);
