/** Where recordings go and what they are called (REFERENCE section 7). */
import { basename, join } from "node:path";

export const FAILURE_DIR = "failure";
export const SUCCESS_DIR = "success";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `trajectory_YYYYMMDD_HHMMSS_mmm.mcap` in local time, as the seed names them. */
export function trajectoryFileName(startMs: number): string {
  const d = new Date(startMs);
  const date = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  return `trajectory_${date}_${time}_${pad(d.getMilliseconds(), 3)}.mcap`;
}

/** The success name: the recording's name with its duration appended, e.g. `..._12.3s.mcap`. */
export function successFileName(recordingPath: string, durationS: number): string {
  return basename(recordingPath).replace(/\.mcap$/, `_${durationS.toFixed(1)}s.mcap`);
}

export function failurePath(dir: string, startMs: number): string {
  return join(dir, FAILURE_DIR, trajectoryFileName(startMs));
}

export function successPath(dir: string, recordingPath: string, durationS: number): string {
  return join(dir, SUCCESS_DIR, successFileName(recordingPath, durationS));
}
