/**
 * `teleop export lerobot <files or folders> --out <dir>`: recordings -> one
 * LeRobot v3.0 dataset (packages/export). A progress line shows episodes and
 * frames; a closing summary says where the dataset is, its size and speed.
 */
import { parseArgs } from "node:util";
import { exportLerobot } from "@teleop/export/exportLerobot";
import { formatSummary } from "@teleop/export/format";
import { ENCODER_OF, hasEncoder, type VideoCodec } from "@teleop/export/video";

export const exportUsage =
  "teleop export lerobot <files or folders> --out <dir> [--fps N] [--task T] [--repo-id NAME] [--include-failures] [--vcodec av1|h264]";

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      fps: { type: "string" },
      task: { type: "string" },
      "repo-id": { type: "string" },
      "include-failures": { type: "boolean", default: false },
      vcodec: { type: "string", default: "av1" },
    },
  });
  const [format, ...inputs] = positionals;
  if (format !== "lerobot" || inputs.length === 0 || !values.out) {
    throw new Error(`usage: ${exportUsage}`);
  }
  const fps = values.fps === undefined ? undefined : Number(values.fps);
  if (fps !== undefined && !(Number.isInteger(fps) && fps > 0)) {
    throw new Error("--fps needs a whole number of frames per second > 0");
  }
  if (values.vcodec !== "av1" && values.vcodec !== "h264") {
    throw new Error(`--vcodec must be av1 or h264, not "${values.vcodec}"`);
  }
  let vcodec: VideoCodec = values.vcodec;
  if (!(await hasEncoder(vcodec))) {
    const other: VideoCodec = vcodec === "av1" ? "h264" : "av1";
    if (!(await hasEncoder(other)))
      throw new Error(`ffmpeg has neither ${ENCODER_OF.av1} nor ${ENCODER_OF.h264}`);
    process.stderr.write(
      `teleop export: this ffmpeg has no ${ENCODER_OF[vcodec]}; encoding ${other} instead\n`,
    );
    vcodec = other;
  }
  const tty = process.stdout.isTTY === true;
  const clear = () => tty && process.stdout.write("\r\x1b[2K");
  const result = await exportLerobot({
    inputs,
    out: values.out,
    fps,
    task: values.task,
    repoId: values["repo-id"],
    includeFailures: values["include-failures"],
    vcodec,
    onLine: (line) => {
      clear();
      process.stdout.write(`${line}\n`);
    },
    onFrames: (episode, episodes, frames, total) => {
      if (tty)
        process.stdout.write(`\r\x1b[2Kepisode ${episode}/${episodes}: frame ${frames}/${total}`);
    },
  });
  clear();
  process.stdout.write(`${formatSummary(result)}\n`);
  return 0;
}
