/**
 * Checks a recording: the seed verifier's checks (REFERENCE section 7:
 * /robot_state, /action and /vr_controller present; warnings on joint count
 * != 7, |q| > 2 pi, cartesian size != 6, action size != 7) plus per-topic
 * rate and longest gap, the drop count and the stale counts; camera channels
 * (JPEG markers, capture times, fps against the configured rate, frames the
 * recorder took in but the file lacks); the episode's labels and quality
 * figures and flags, recomputed from the file. A file whose VR or command
 * stream was stale on every tick is invalid: nothing in it can train a policy.
 * CLI: `bun packages/recording/src/verify.ts <file>`; exits 1 on an invalid file.
 */
import { existsSync } from "node:fs";
import type { McapIndexedReader } from "@mcap/core";
import { RECORD_HZ } from "@teleop/shared/control";
import { parseCameraTopic } from "./cameraChannels";
import { CHANNELS, REQUIRED_TOPICS } from "./channels";
import { base64JpegProblem } from "./jpeg";
import { measuredFps, qualityFlags, type TickFigures, tickFigures } from "./quality";
import { chunkCrcErrors, withIndexedReader } from "./reader";
import { STREAMS } from "./schemas";
import { nsToEpochMs } from "./time";

export interface CameraReport {
  camera: string;
  frames: number;
  fps: number;
  /** Configured rate from the metadata; null when the file does not say. */
  targetFps: number | null;
  /** Frames without SOI/EOI markers. */
  badJpeg: number;
  /** Frames whose header time is not their log time, or that repeat the previous capture time. */
  badTimes: number;
  depthFrames: number;
  hasCalibration: boolean;
  /** Frames lost before the recorder (seq gaps), from the metadata; null when unknown. */
  framesLost: number | null;
}

export interface QualityReport extends TickFigures {
  targetHz: number;
  flags: string[];
}

/** Streams whose staleness on every tick makes a file invalid. */
const ESSENTIAL_STREAMS = ["vr_state", "robot_command"];

export interface TopicReport {
  topic: string;
  schemaName: string;
  messages: number;
  /** Mean rate over the topic's span (Hz); 0 with fewer than two messages. */
  rateHz: number;
  /** Longest interval between consecutive log times (ms). */
  longestGapMs: number;
}

export interface VerifyReport {
  path: string;
  valid: boolean;
  errors: string[];
  warnings: string[];
  topics: TopicReport[];
  /** Ticks recorded (messages on the staleness channel). */
  frames: number;
  durationS: number;
  /** Records dropped by a full buffer, from final_metadata; null when unknown. */
  dropped: number | null;
  /** Ticks at which each stream was stale or missing, counted from the staleness channel. */
  stale: Record<string, number>;
  success: boolean | null;
  recovered: boolean;
  task: string;
  operator: string;
  cameras: CameraReport[];
  quality: QualityReport;
  metadata: Record<string, Record<string, string>>;
}

const TWO_PI = 2 * Math.PI;

/** Counts of each seed warning, so a long file gives one line per kind. */
class Warnings {
  private readonly counts = new Map<string, number>();
  add(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }
  lines(): string[] {
    return [...this.counts].map(([kind, n]) => `${kind} (${n} message${n === 1 ? "" : "s"})`);
  }
}

function checkSeedMessage(topic: string, msg: Record<string, unknown>, w: Warnings): void {
  if (topic === CHANNELS.robotState.topic) {
    const q = msg.joint_positions as number[] | undefined;
    if (!Array.isArray(q) || q.length !== 7) w.add("/robot_state: joint count != 7");
    else if (q.some((x) => Math.abs(x) > TWO_PI)) w.add("/robot_state: |q| > 2 pi");
    const cart = msg.cartesian_position as number[] | undefined;
    if (!Array.isArray(cart) || cart.length !== 6) w.add("/robot_state: cartesian size != 6");
  } else if (topic === CHANNELS.action.topic) {
    const a = msg.data as number[] | undefined;
    if (!Array.isArray(a) || a.length !== 7) w.add("/action: action size != 7");
  }
}

function emptyReport(path: string): VerifyReport {
  return {
    path,
    valid: false,
    errors: [],
    warnings: [],
    topics: [],
    frames: 0,
    durationS: 0,
    dropped: null,
    stale: {},
    success: null,
    recovered: false,
    task: "",
    operator: "",
    cameras: [],
    quality: { ...tickFigures([], RECORD_HZ), targetHz: RECORD_HZ, flags: [] },
    metadata: {},
  };
}

interface CameraTally {
  times: number[];
  badJpeg: number;
  badTimes: number;
  depthFrames: number;
  hasCalibration: boolean;
}

const newTally = (): CameraTally => ({
  times: [],
  badJpeg: 0,
  badTimes: 0,
  depthFrames: 0,
  hasCalibration: false,
});

type Stamp = { sec?: number; nsec?: number };
const stampNs = (t: Stamp | undefined) =>
  t && Number.isInteger(t.sec) && Number.isInteger(t.nsec)
    ? BigInt(t.sec!) * 1_000_000_000n + BigInt(t.nsec!)
    : undefined;

function tallyCamera(
  stream: string,
  msg: Record<string, unknown>,
  logTime: bigint,
  c: CameraTally,
): void {
  if (stream === "camera_info") {
    c.hasCalibration = true;
    return;
  }
  if (stream === "depth") {
    c.depthFrames++;
    return;
  }
  if (typeof msg.data !== "string" || base64JpegProblem(msg.data)) c.badJpeg++;
  const ms = nsToEpochMs(logTime);
  const last = c.times[c.times.length - 1];
  if (stampNs(msg.timestamp as Stamp) !== logTime || (last !== undefined && ms <= last)) {
    c.badTimes++;
  }
  c.times.push(ms);
}

export async function verifyFile(path: string): Promise<VerifyReport> {
  const report = emptyReport(path);
  if (!existsSync(path)) {
    report.errors.push("no such file");
    return report;
  }
  try {
    await withIndexedReader(path, (reader) => readInto(report, reader));
  } catch (err) {
    report.errors.push(`not a valid indexed MCAP: ${(err as Error).message}`);
  }
  report.valid = report.errors.length === 0;
  return report;
}

async function readInto(report: VerifyReport, reader: McapIndexedReader): Promise<void> {
  for await (const m of reader.readMetadata()) {
    report.metadata[m.name] = Object.fromEntries(m.metadata);
  }
  const times = new Map<number, bigint[]>();
  const warnings = new Warnings();
  const stale = Object.fromEntries(STREAMS.map((s) => [s, 0])) as Record<string, number>;
  const decoder = new TextDecoder();
  const cams = new Map<string, CameraTally>();
  const tickTimes: number[] = [];
  let badJson = 0;
  const crcErrors = await chunkCrcErrors(report.path, reader);
  if (crcErrors.length > 0) {
    report.errors.push(...crcErrors);
    return;
  }
  for await (const m of reader.readMessages({ validateCrcs: false })) {
    const channel = reader.channelsById.get(m.channelId);
    if (!channel) continue;
    const list = times.get(m.channelId) ?? [];
    list.push(m.logTime);
    times.set(m.channelId, list);
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(decoder.decode(m.data));
    } catch {
      badJson++;
      continue;
    }
    checkSeedMessage(channel.topic, msg, warnings);
    const cam = parseCameraTopic(channel.topic);
    if (cam) {
      const tally = cams.get(cam.camera) ?? newTally();
      cams.set(cam.camera, tally);
      tallyCamera(cam.stream, msg, m.logTime, tally);
    }
    if (channel.topic === CHANNELS.staleness.topic) {
      report.frames++;
      tickTimes.push(nsToEpochMs(m.logTime));
      for (const s of (msg.stale as string[] | undefined) ?? []) if (s in stale) stale[s]!++;
    }
  }
  if (badJson) report.errors.push(`${badJson} messages are not valid JSON`);
  report.stale = stale;
  for (const [id, ch] of reader.channelsById) {
    const ts = times.get(id) ?? [];
    let gap = 0n;
    for (let i = 1; i < ts.length; i++) if (ts[i]! - ts[i - 1]! > gap) gap = ts[i]! - ts[i - 1]!;
    const span = ts.length > 1 ? Number(ts[ts.length - 1]! - ts[0]!) / 1e9 : 0;
    report.topics.push({
      topic: ch.topic,
      schemaName: reader.schemasById.get(ch.schemaId)?.name ?? "",
      messages: ts.length,
      rateHz: span > 0 ? (ts.length - 1) / span : 0,
      longestGapMs: Number(gap) / 1e6,
    });
  }
  for (const topic of REQUIRED_TOPICS) {
    if (!report.topics.some((t) => t.topic === topic && t.messages > 0)) {
      report.errors.push(`missing topic ${topic}`);
    }
  }
  report.warnings = warnings.lines();
  const final = report.metadata.final_metadata;
  if (!final) report.warnings.push("no final_metadata record");
  const dropped = Number(final?.dropped);
  report.dropped = Number.isFinite(dropped) ? dropped : null;
  report.durationS = Number(final?.duration ?? 0) || 0;
  report.success = final?.success === undefined ? null : final.success === "true";
  report.recovered = final?.recovered === "true";
  const start = report.metadata.recording_metadata;
  const label = (k: string) => final?.[k] || start?.[k] || "";
  report.task = label("task");
  report.operator = label("operator");
  checkCameras(report, cams, label);
  const targetHz = Number(start?.record_hz) || RECORD_HZ;
  const ticks = tickFigures(tickTimes, targetHz);
  report.quality = {
    ...ticks,
    targetHz,
    flags: qualityFlags({
      targetHz,
      ticks,
      stale: report.stale,
      cameras: report.cameras.map((c) => ({
        camera: c.camera,
        fps: c.fps,
        targetFps: c.targetFps ?? undefined,
        framesLost: c.framesLost ?? 0,
      })),
    }),
  };
  for (const s of ESSENTIAL_STREAMS) {
    if (report.frames > 0 && report.stale[s] === report.frames) {
      report.errors.push(`${s} was stale or missing on every one of the ${report.frames} ticks`);
    }
  }
}

function checkCameras(
  report: VerifyReport,
  cams: Map<string, CameraTally>,
  label: (k: string) => string,
): void {
  for (const [camera, c] of [...cams].sort(([a], [b]) => a.localeCompare(b))) {
    const meta = (k: string) => label(`camera_${camera}_${k}`);
    const num = (k: string) => (meta(k) === "" ? null : Number(meta(k)));
    const cr: CameraReport = {
      camera,
      frames: c.times.length,
      fps: measuredFps(c.times),
      targetFps: num("target_fps"),
      badJpeg: c.badJpeg,
      badTimes: c.badTimes,
      depthFrames: c.depthFrames,
      hasCalibration: c.hasCalibration,
      framesLost: num("frames_lost"),
    };
    report.cameras.push(cr);
    const where = `/camera/${camera}/compressed`;
    if (cr.badJpeg)
      report.errors.push(`${where}: ${cr.badJpeg} frames without JPEG SOI/EOI markers`);
    if (cr.badTimes) {
      report.errors.push(
        `${where}: ${cr.badTimes} frames whose capture time is not their log time or not after the previous frame's`,
      );
    }
    if (!cr.hasCalibration) report.warnings.push(`/camera/${camera}: no camera_info`);
    if (cr.targetFps && cr.frames > 1 && cr.fps < 0.95 * cr.targetFps) {
      report.warnings.push(
        `${where}: ${cr.fps.toFixed(2)} fps, under 95 % of the configured ${cr.targetFps}`,
      );
    }
    const taken = num("frames");
    const dropped = num("frames_dropped") ?? 0;
    if (taken !== null && !report.recovered && cr.frames !== taken - dropped) {
      report.errors.push(
        `${where}: the recorder took in ${taken} frames (${dropped} dropped) but the file holds ${cr.frames}`,
      );
    }
  }
}

export function formatReport(r: VerifyReport): string {
  const lines = [`${r.valid ? "VALID" : "INVALID"} ${r.path}`];
  const final = [
    `frames ${r.frames}`,
    `duration ${r.durationS.toFixed(2)} s`,
    `dropped ${r.dropped ?? "unknown"}`,
    `success ${r.success ?? "unknown"}`,
  ];
  if (r.recovered) final.push("recovered");
  lines.push(`  ${final.join(", ")}`);
  if (r.task || r.operator)
    lines.push(`  task "${r.task}"${r.operator ? `, operator ${r.operator}` : ""}`);
  const q = r.quality;
  lines.push(
    `  quality: ${q.rateHz.toFixed(2)} Hz of ${q.targetHz}, ${q.droppedTicks} dropped ticks, longest gap ${q.longestGapMs.toFixed(1)} ms, ${q.flags.length ? `flags ${q.flags.join(", ")}` : "no flags"}`,
  );
  for (const c of r.cameras) {
    lines.push(
      `  camera ${c.camera}: ${c.frames} frames, ${c.fps.toFixed(2)} fps (configured ${c.targetFps ?? "unknown"}), lost ${c.framesLost ?? "unknown"}, depth ${c.depthFrames}`,
    );
  }
  lines.push(
    `  stale ticks: ${Object.entries(r.stale)
      .map(([s, n]) => `${s} ${n}`)
      .join(", ")}`,
  );
  const width = Math.max(5, ...r.topics.map((t) => t.topic.length));
  lines.push(`  ${"topic".padEnd(width)}  messages   rate Hz  longest gap ms`);
  for (const t of [...r.topics].sort((a, b) => a.topic.localeCompare(b.topic))) {
    lines.push(
      `  ${t.topic.padEnd(width)}  ${String(t.messages).padStart(8)}  ${t.rateHz.toFixed(2).padStart(8)}  ${t.longestGapMs.toFixed(1).padStart(14)}`,
    );
  }
  for (const e of r.errors) lines.push(`  error: ${e}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join("\n");
}

if (import.meta.main) {
  const path = process.argv[2];
  if (!path) {
    process.stderr.write("usage: bun packages/recording/src/verify.ts <file.mcap>\n");
    process.exit(2);
  }
  const report = await verifyFile(path);
  process.stdout.write(`${formatReport(report)}\n`);
  process.exit(report.valid ? 0 : 1);
}
