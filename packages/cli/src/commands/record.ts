/**
 * `teleop record start [--task T] [--operator NAME] [--notes TEXT] | save [--failure] | discard | status`:
 * the recorder's request API.
 */
import { parseArgs } from "node:util";
import { RecorderReplyMsg } from "@teleop/shared/messages";
import { connectCli, connectionConfig, connectionOptions } from "../connect";
import { formatRecorderReply } from "../recorderFormat";

export const recordUsage =
  'teleop record start [--task "put the cube in the bowl"] [--operator NAME] [--notes TEXT] | save [--failure] | discard | status  [--json]';

export async function record(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      failure: { type: "boolean", default: false },
      task: { type: "string" },
      operator: { type: "string" },
      notes: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const action = positionals[0];
  if (positionals.length !== 1) throw new Error(`usage: ${recordUsage}`);
  if (values.failure && action !== "save") throw new Error("--failure goes with `record save`");
  const labels = { task: values.task, operator: values.operator, notes: values.notes };
  for (const [name, value] of Object.entries(labels)) {
    if (value !== undefined && action !== "start") {
      throw new Error(`--${name} goes with \`record start\``);
    }
  }
  const bus = await connectCli(connectionConfig(values));
  try {
    const s = bus.subjects;
    const [subject, request] =
      action === "start"
        ? [s.recorderStart, labels]
        : action === "save"
          ? [s.recorderSave, { success: !values.failure }]
          : action === "discard"
            ? [s.recorderDiscard, {}]
            : action === "status"
              ? [s.recorderStatus, {}]
              : [undefined, undefined];
    if (subject === undefined) throw new Error(`unknown record action "${action}"; ${recordUsage}`);
    const reply = await bus.request(subject, request, RecorderReplyMsg, 5000);
    process.stdout.write(`${values.json ? JSON.stringify(reply) : formatRecorderReply(reply)}\n`);
    return reply.ok ? 0 : 1;
  } finally {
    await bus.close();
  }
}
