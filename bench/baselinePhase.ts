/** The sequential baseline run as its own process, its cost read from /proc, its recording read back. */
import { RECORD_HZ } from "@teleop/shared/control";
import { ServiceProcess } from "../test/support/serviceProcess";
import { type RecordingFigures, recordingFigures } from "./figures";
import { readFrames } from "./mcapFrames";
import { type ProcCost, ProcMonitor } from "./ProcMonitor";
import type { BaselineOptions, BaselineResult } from "./sequentialBaseline";

export interface BaselinePhaseResult extends BaselineResult {
  recording: RecordingFigures;
  cost: ProcCost;
}

export async function runBaselinePhase(o: BaselineOptions): Promise<BaselinePhaseResult> {
  const p = new ServiceProcess({ script: "bench/baselineMain.ts", args: [JSON.stringify(o)] });
  const monitor = new ProcMonitor({ baseline: p.proc.pid });
  monitor.start(250);
  const code = await p.exited;
  const cost = monitor.stop().baseline!;
  const line = p.log.trim().split("\n").at(-1) ?? "";
  if (code !== 0) throw new Error(`baseline exited with ${code}:\n${p.log}`);
  const result = JSON.parse(line) as BaselineResult;
  const frames = await readFrames(result.path);
  return {
    ...result,
    recording: recordingFigures(
      frames,
      1000 / RECORD_HZ,
      Number(frames.finalMetadata.dropped ?? 0),
    ),
    cost,
  };
}
