/**
 * Writes a small recording the way the recorder does (zstd chunks, JSON
 * messages on the raw VR channel with the contract's schema, other channels
 * beside it), for the replay tests.
 */
import { McapWriter, TempBuffer } from "@mcap/core";
import { type VrState, VrStateMsg } from "@teleop/shared/messages";
import { VR_TOPIC } from "./readVrStates";

export interface FixtureMessage {
  logTimeMs: number;
  /** A VrState, or raw text to store as is (for malformed entries). */
  data: VrState | string;
}

export async function writeVrRecording(
  path: string,
  messages: FixtureMessage[],
  chunkSize = 64 * 1024,
): Promise<Uint8Array> {
  const buf = new TempBuffer();
  const writer = new McapWriter({
    writable: buf,
    chunkSize,
    compressChunk: (data) => ({ compression: "zstd", compressedData: Bun.zstdCompressSync(data) }),
  });
  const enc = new TextEncoder();
  await writer.start({ profile: "", library: "vr-ingest test" });
  const schemaId = await writer.registerSchema({
    name: VrStateMsg.name,
    encoding: "jsonschema",
    data: enc.encode(JSON.stringify(VrStateMsg.schema)),
  });
  const vr = await writer.registerChannel({
    topic: VR_TOPIC,
    schemaId,
    messageEncoding: "json",
    metadata: new Map(),
  });
  const other = await writer.registerChannel({
    topic: "/robot_state",
    schemaId: 0,
    messageEncoding: "json",
    metadata: new Map(),
  });
  let sequence = 0;
  for (const m of messages) {
    const ns = BigInt(Math.round(m.logTimeMs * 1e6));
    const text = typeof m.data === "string" ? m.data : JSON.stringify(m.data);
    await writer.addMessage({
      channelId: vr,
      sequence: sequence++,
      logTime: ns,
      publishTime: ns,
      data: enc.encode(text),
    });
    await writer.addMessage({
      channelId: other,
      sequence: sequence++,
      logTime: ns,
      publishTime: ns,
      data: enc.encode('{"not":"vr"}'),
    });
  }
  await writer.end();
  const bytes = buf.get();
  await Bun.write(path, bytes);
  return bytes;
}

/** Sample i of a 50 Hz stream starting at t0: the right hand at x = 0.01 i, A held for 10 <= i < 20. */
export function sampleState(i: number, t0: number): VrState {
  return {
    v: 1,
    seq: i,
    t: t0 + 20 * i,
    source: "sim",
    right: {
      tracked: true,
      pose: { position: [0.01 * i, 1, -0.3], orientation: [0, 0, 0, 1] },
      trigger: 0,
      grip: 1,
      joystick: [0, 0],
      buttons: {
        primary: i >= 10 && i < 20,
        secondary: false,
        grip: true,
        trigger: false,
        joystick: false,
        menu: false,
      },
    },
  };
}
