/**
 * Crash recovery: a recording without its footer (the recorder was killed)
 * is read with a stream reader up to its last complete record and rewritten
 * as a valid, indexed MCAP in failure/, with `recovered: true` in its final
 * metadata. What was lost is the chunk that was open at the crash. Camera
 * frames and the scene are copied like every channel; the quality figures
 * are recomputed from what survived.
 */
import { readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  type Attachment,
  type Channel,
  type Header,
  LIBRARY_IDENTIFIER,
  type Message,
  type Metadata,
  type Schema,
} from "@mcap/core";
import { ChunkedMcapWriter } from "@teleop/recording/ChunkedMcapWriter";
import { parseCameraTopic } from "@teleop/recording/cameraChannels";
import { CHANNELS } from "@teleop/recording/channels";
import { FileWritable } from "@teleop/recording/FileWritable";
import { measuredFps, qualityFlags, tickFigures } from "@teleop/recording/quality";
import { isFinishedMcap, streamRecords } from "@teleop/recording/reader";
import { STREAMS } from "@teleop/recording/schemas";
import { nsToEpochMs } from "@teleop/recording/time";
import { RECORD_HZ } from "@teleop/shared/control";
import { PROFILE } from "./EpisodeWriter";
import { FAILURE_DIR } from "./episodeFiles";

export interface Recovered {
  path: string;
  messages: number;
  /** Ticks recovered (messages on the staleness channel, one per tick). */
  frames: number;
  /** Why reading stopped before the end of the file, if it did not just run out. */
  stoppedBy?: string;
}

const TMP_SUFFIX = ".recovering";

interface Contents {
  header?: Header;
  schemas: Schema[];
  channels: Channel[];
  messages: Message[];
  metadata: Metadata[];
  attachments: Attachment[];
  stoppedBy?: string;
}

/** Every complete record of a possibly truncated file. */
export function readComplete(bytes: Uint8Array): Contents {
  const c: Contents = { schemas: [], channels: [], messages: [], metadata: [], attachments: [] };
  const torn = (reason: string) => {
    c.stoppedBy = reason;
  };
  for (const r of streamRecords(bytes, torn)) {
    switch (r.type) {
      case "Header":
        c.header = r;
        break;
      case "Schema":
        c.schemas.push(r);
        break;
      case "Channel":
        c.channels.push(r);
        break;
      case "Message":
        c.messages.push(r);
        break;
      case "Metadata":
        c.metadata.push(r);
        break;
      case "Attachment":
        c.attachments.push(r);
        break;
      default:
        break;
    }
  }
  return c;
}

/** Rewrites one unfinished recording in place (through a temporary file and a rename). */
export async function recoverFile(path: string, chunkSeconds: number): Promise<Recovered> {
  const c = readComplete(await Bun.file(path).bytes());
  const tmp = path + TMP_SUFFIX;
  await rm(tmp, { force: true });
  const file = await FileWritable.create(tmp);
  const w = new ChunkedMcapWriter(file);
  await w.start(c.header ?? { profile: PROFILE, library: LIBRARY_IDENTIFIER });
  const schemaIds = new Map<number, number>();
  for (const s of c.schemas) {
    if (!schemaIds.has(s.id)) schemaIds.set(s.id, await w.addSchema(s));
  }
  const channelIds = new Map<number, number>();
  const topics = new Map<number, string>();
  for (const ch of c.channels) {
    if (channelIds.has(ch.id)) continue;
    topics.set(ch.id, ch.topic);
    channelIds.set(ch.id, await w.addChannel({ ...ch, schemaId: schemaIds.get(ch.schemaId) ?? 0 }));
  }
  for (const m of c.metadata) if (m.name !== "final_metadata") await w.addMetadata(m);
  for (const a of c.attachments) await w.addAttachment(a);

  const chunkNs = BigInt(Math.round(chunkSeconds * 1e9));
  const stale = Object.fromEntries(STREAMS.map((s) => [s, 0])) as Record<string, number>;
  let frames = 0;
  let messages = 0;
  const tickTimes: number[] = [];
  const cameraTimes = new Map<string, number[]>();
  let first: bigint | undefined;
  let last: bigint | undefined;
  for (const m of c.messages) {
    const channelId = channelIds.get(m.channelId);
    if (channelId === undefined) continue;
    const start = w.openChunkStart;
    if (start !== undefined && m.logTime - start >= chunkNs) await w.closeChunk();
    w.addMessage({ ...m, channelId });
    messages++;
    if (first === undefined || m.logTime < first) first = m.logTime;
    if (last === undefined || m.logTime > last) last = m.logTime;
    const topic = topics.get(m.channelId) ?? "";
    const cam = parseCameraTopic(topic);
    if (cam?.stream === "compressed") {
      const list = cameraTimes.get(cam.camera) ?? [];
      list.push(nsToEpochMs(m.logTime));
      cameraTimes.set(cam.camera, list);
    }
    if (topic === CHANNELS.staleness.topic) {
      frames++;
      tickTimes.push(nsToEpochMs(m.logTime));
      const rec = JSON.parse(new TextDecoder().decode(m.data)) as { stale?: string[] };
      for (const s of rec.stale ?? []) if (s in stale) stale[s]!++;
    }
  }
  const endMs = last === undefined ? undefined : nsToEpochMs(last);
  const startMeta = c.metadata.find((m) => m.name === "recording_metadata")?.metadata;
  const startNs = startMeta?.get("start_time_ns");
  const targetHz = Number(startMeta?.get("record_hz")) || RECORD_HZ;
  const ticks = tickFigures(
    tickTimes.sort((a, b) => a - b),
    targetHz,
  );
  const cameras = [...cameraTimes.keys()].sort();
  const cameraFps = cameras.map((camera) => {
    const target = Number(startMeta?.get(`camera_${camera}_target_fps`));
    return {
      camera,
      frames: cameraTimes.get(camera)!.length,
      fps: measuredFps(cameraTimes.get(camera)!.sort((a, b) => a - b)),
      targetFps: target > 0 ? target : undefined,
      framesLost: 0,
    };
  });
  const flags = qualityFlags({ targetHz, ticks, stale, cameras: cameraFps });
  const startMs = startNs ? nsToEpochMs(BigInt(startNs)) : first && nsToEpochMs(first);
  await w.closeChunk();
  await w.addMetadata({
    name: "final_metadata",
    metadata: new Map([
      ["end_time", endMs === undefined ? "" : new Date(endMs).toISOString()],
      ["end_time_ns", last === undefined ? "" : String(last)],
      ["duration", endMs && startMs ? ((endMs - startMs) / 1000).toFixed(3) : "0"],
      ["success", "false"],
      ["frames", String(frames)],
      // The drop count lived in the killed process.
      ["dropped", "unknown"],
      ...STREAMS.map((s): [string, string] => [`stale_${s}`, String(stale[s])]),
      ["recovered", "true"],
      ...(["task", "task_source", "operator", "notes"] as const).map((k): [string, string] => [
        k,
        startMeta?.get(k) ?? "",
      ]),
      ["target_hz", String(targetHz)],
      ["rate_hz", ticks.rateHz.toFixed(2)],
      ["dropped_ticks", String(ticks.droppedTicks)],
      ["longest_gap_ms", ticks.longestGapMs.toFixed(1)],
      ["quality", flags.length ? "flagged" : "ok"],
      ["quality_flags", flags.join(",")],
      ["cameras", cameras.join(",")],
      ...cameraFps.flatMap((c): [string, string][] => [
        [`camera_${c.camera}_frames`, String(c.frames)],
        [`camera_${c.camera}_fps`, c.fps.toFixed(2)],
      ]),
    ]),
  });
  await w.end();
  await file.close();
  await rename(tmp, path);
  return { path, messages, frames, stoppedBy: c.stoppedBy };
}

/** Finds unfinished recordings in `<dir>/failure` and recovers each one. */
export async function recoverUnfinished(dir: string, chunkSeconds: number): Promise<Recovered[]> {
  const failure = join(dir, FAILURE_DIR);
  let names: string[];
  try {
    names = await readdir(failure);
  } catch {
    return [];
  }
  const out: Recovered[] = [];
  for (const name of names) {
    const path = join(failure, name);
    if (name.endsWith(TMP_SUFFIX)) {
      // A recovery that was itself interrupted: its source is still there and is redone.
      await rm(path, { force: true });
      continue;
    }
    if (!name.endsWith(".mcap")) continue;
    if (await isFinishedMcap(path)) continue;
    out.push(await recoverFile(path, chunkSeconds));
  }
  return out;
}
