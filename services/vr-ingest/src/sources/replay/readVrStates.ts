/**
 * The VrState messages of a recording: the raw bus channel the recorder
 * writes (JSON, the contract's schema). Read through the file's index; a
 * recording cut short (no summary) is read front to back up to its last
 * complete record instead.
 */

import { recordedTopic } from "@teleop/recording/rawTopics";
import { readTopics } from "@teleop/recording/reader";
import { validate } from "@teleop/shared/codec";
import { type VrState, VrStateMsg } from "@teleop/shared/messages";

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

export async function readVrStates(path: string): Promise<ReadResult> {
  const read = await readTopics(path, [VR_TOPIC]);
  const decoder = new TextDecoder();
  const out: ReadResult = { records: [], invalid: [], duplicates: 0, indexed: read.indexed };
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
