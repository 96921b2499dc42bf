/**
 * The sequential baseline as its own process, so the bench measures its CPU
 * and memory like a service's. Reads its options as JSON from argv[2] and
 * prints the result as one JSON line.
 */
import { type BaselineOptions, runBaseline } from "./sequentialBaseline";

const opts = JSON.parse(process.argv[2] ?? "{}") as BaselineOptions;
const result = await runBaseline(opts);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
