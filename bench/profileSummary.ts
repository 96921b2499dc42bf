/**
 * `bun bench/profileSummary.ts <file.cpuprofile> [top]`: the functions with
 * the most samples, by self and by inclusive count.
 */
import { readFileSync } from "node:fs";
import { type CpuProfile, summarizeProfile } from "./cpuProfile";

const [path, topArg] = process.argv.slice(2);
if (!path) {
  process.stderr.write("usage: bun bench/profileSummary.ts <file.cpuprofile> [top]\n");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const s = summarizeProfile(JSON.parse(readFileSync(path, "utf8")) as CpuProfile);
const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
process.stdout.write(`${path}: ${s.samples} samples\n\nself\n`);
for (const f of s.self.slice(0, top)) process.stdout.write(`${pct(f.share)}  ${f.name}\n`);
process.stdout.write("\ninclusive\n");
for (const f of s.inclusive.slice(0, top)) process.stdout.write(`${pct(f.share)}  ${f.name}\n`);
