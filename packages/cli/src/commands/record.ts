/** `teleop record start | save [--failure] | discard | status`: the recorder's request API. */
import { parseArgs } from "node:util";
import { RecorderReplyMsg } from "@teleop/shared/messages";
import { type CommandHelp, UsageError } from "../commandHelp";
import { connectCli, connectionConfig, connectionOptions } from "../connect";
import { type RecorderAction, recorderHint, recorderRequest } from "../recorderActions";
import { formatRecorderReply } from "../recorderFormat";

export const recordHelp: CommandHelp = {
  summary:
    "start, save (as a success or a failure) or discard an episode, or ask the recorder's state",
  usage:
    'record start [--task "put the cube in the bowl"] [--operator NAME] [--notes TEXT] | save [--failure] | discard | status  [--json]',
  options: [
    ["--task TEXT", "with start: the episode's task (language instruction)"],
    ["--operator NAME", "with start: who drives, written into the episode"],
    ["--notes TEXT", "with start: free-form scene or notes"],
    [
      "--failure",
      "with save: keep the episode in failure/ (default: a success, moved to success/)",
    ],
    ["--json", "print the recorder's reply as JSON"],
  ],
  nats: true,
  examples: [
    'teleop record start --task "put the cube in the bowl" --operator ana',
    "teleop record save --failure",
    "teleop record status --json",
  ],
};

const ACTIONS = ["start", "save", "discard", "status"];

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
  const name = positionals[0];
  if (positionals.length !== 1) throw new UsageError(`usage: teleop ${recordHelp.usage}`);
  if (!ACTIONS.includes(name!)) {
    throw new UsageError(`unknown record action "${name}"; usage: teleop ${recordHelp.usage}`);
  }
  if (values.failure && name !== "save") throw new UsageError("--failure goes with `record save`");
  const labels = { task: values.task, operator: values.operator, notes: values.notes };
  for (const [label, value] of Object.entries(labels)) {
    if (value !== undefined && name !== "start") {
      throw new UsageError(`--${label} goes with \`record start\``);
    }
  }
  const action: RecorderAction =
    name === "save" && values.failure ? "save-failure" : (name as RecorderAction);
  const bus = await connectCli(connectionConfig(values));
  try {
    const { subject, request } = recorderRequest(bus.subjects, action, labels);
    const reply = await bus.request(subject, request, RecorderReplyMsg, 5000);
    process.stdout.write(`${values.json ? JSON.stringify(reply) : formatRecorderReply(reply)}\n`);
    const hint = recorderHint(action, reply);
    if (hint && !values.json) process.stderr.write(`${hint}\n`);
    return reply.ok ? 0 : 1;
  } finally {
    await bus.close();
  }
}
