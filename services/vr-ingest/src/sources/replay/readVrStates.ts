/**
 * The VrState messages of a recording: the raw bus channel the recorder
 * writes (JSON, the contract's schema). Read through the file's index; a
 * recording cut short (no summary) is read front to back up to its last
 * complete record instead.
 */
import { open } from "node:fs/promises";
import { McapStreamReader, type McapTypes } from "@mcap/core";
import { validate } from "@teleop/shared/codec";
import { type VrState, VrStateMsg } from "@teleop/shared/messages";
import {
  mcapDecompressHandlers as decompressHandlers,
  indexedMcapReader,
  recordedTopic,
} from "@teleop/shared/recording";

/** The channel the recorder writes raw VrState messages to. */
export const VR_TOPIC = recordedTopic((s) => s.vrState);

export interface RecordedVr {
  logTimeNs: bigint;
  state: VrState;
}

export interface ReadResult {
  records: RecordedVr[];
  /** Messages on the topic that were not a valid VrState. */
  invalid: Array<{ kind: string; reason: string }>;
  /** Repeats of the same sample (a sampler that wrote the latest state twice). */
  duplicates: number;
  indexed: boolean;
}

type Message = McapTypes.TypedMcapRecords["Message"];
type Channel = McapTypes.TypedMcapRecords["Channel"];

async function indexed(
  path: string,
): Promise<{ messages: Message[]; channels: Map<number, Channel> }> {
  const fh = await open(path, "r");
  try {
    const reader = await indexedMcapReader(fh);
    const messages: Message[] = [];
    for await (const m of reader.readMessages({ topics: [VR_TOPIC] })) messages.push(m);
    return { messages, channels: new Map(reader.channelsById) };
  } finally {
    await fh.close();
  }
}

async function streamed(
  path: string,
): Promise<{ messages: Message[]; channels: Map<number, Channel> }> {
  const reader = new McapStreamReader({ decompressHandlers });
  reader.append(new Uint8Array(await Bun.file(path).arrayBuffer()));
  const messages: Message[] = [];
  const channels = new Map<number, Channel>();
  for (;;) {
    let rec: McapTypes.TypedMcapRecord | undefined;
    try {
      rec = reader.nextRecord();
    } catch {
      break; // a torn last record: keep what came before
    }
    if (!rec) break;
    if (rec.type === "Channel") channels.set(rec.id, rec);
    if (rec.type === "Message" && channels.get(rec.channelId)?.topic === VR_TOPIC) {
      messages.push(rec);
    }
  }
  messages.sort((a, b) => (a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : 0));
  return { messages, channels };
}

export async function readVrStates(path: string): Promise<ReadResult> {
  let read: { messages: Message[]; channels: Map<number, Channel> };
  let wasIndexed = true;
  try {
    read = await indexed(path);
  } catch {
    wasIndexed = false;
    read = await streamed(path);
  }
  const decoder = new TextDecoder();
  const out: ReadResult = { records: [], invalid: [], duplicates: 0, indexed: wasIndexed };
  let prev: VrState | undefined;
  for (const m of read.messages) {
    const encoding = read.channels.get(m.channelId)?.messageEncoding;
    if (encoding !== "json") {
      out.invalid.push({ kind: "encoding", reason: `${VR_TOPIC} is ${encoding}, not json` });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(m.data));
    } catch (err) {
      out.invalid.push({ kind: "malformed", reason: `not JSON: ${(err as Error).message}` });
      continue;
    }
    const r = validate(VrStateMsg, value);
    if (!r.ok) {
      out.invalid.push({ kind: r.kind, reason: r.reason });
      continue;
    }
    if (prev && prev.seq === r.value.seq && prev.t === r.value.t) {
      out.duplicates++;
      continue;
    }
    prev = r.value;
    out.records.push({ logTimeNs: m.logTime, state: r.value });
  }
  return out;
}
