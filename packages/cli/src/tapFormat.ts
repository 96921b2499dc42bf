/**
 * How `teleop tap` turns one NATS message into one line: readable text by
 * default (local time, rounded numbers, nested fields as dotted keys), or JSON
 * for scripts.
 */
import { decodeAny } from "@teleop/shared/codec";

export interface TapOptions {
  /** text: one readable line; json: one JSON line; pretty: indented JSON. */
  mode: "text" | "json" | "pretty";
  /** Dotted paths to keep (`pose.position.0`); every field when undefined. */
  fields?: readonly string[];
}

/** Decimals kept in text mode: a tenth of a millimetre in metres. */
const DECIMALS = 4;
/** Numbers in this range are epoch milliseconds (2001 to 2286): shown as a clock time. */
const EPOCH_MS_MIN = 1e12;
const EPOCH_MS_MAX = 1e13;

/** The value at a dotted path (array indices are path segments too), or undefined. */
export function getPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The chosen fields keyed by their path; a missing field is null so its absence shows. */
export function pickFields(value: unknown, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) out[p] = getPath(value, p) ?? null;
  return out;
}

export function parseFieldList(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}

/** JSON cannot hold NaN, Infinity or raw bytes; show them rather than hide them as null. */
function jsonSafe(v: unknown): unknown {
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (Array.isArray(v)) return v.map(jsonSafe);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = jsonSafe(x);
  return out;
}

export function toJson(value: unknown, pretty: boolean): string {
  return JSON.stringify(jsonSafe(value), undefined, pretty ? 2 : undefined);
}

const isEpochMs = (x: unknown): x is number =>
  typeof x === "number" && x >= EPOCH_MS_MIN && x < EPOCH_MS_MAX;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `HH:MM:SS.mmm` in the machine's time zone. */
export function localClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A number as a person reads it: whole numbers as they are, others to 4 decimals, times as clock times. */
export function readableNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= EPOCH_MS_MIN && x < EPOCH_MS_MAX) return localClock(x);
  if (Number.isInteger(x)) return String(x);
  const r = Number(x.toFixed(DECIMALS));
  return String(r === 0 ? 0 : r);
}

function readableValue(v: unknown): string {
  if (typeof v === "number") return readableNumber(v);
  if (typeof v === "string") return v === "" || /[\s="{}[\],]/.test(v) ? JSON.stringify(v) : v;
  if (v === null || typeof v !== "object") return String(v);
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (Array.isArray(v)) return `[${v.map(readableValue).join(", ")}]`;
  return `{${readablePairs(v as Record<string, unknown>).join(" ")}}`;
}

/** `key=value` pairs; nested objects flattened into dotted keys. */
function readablePairs(obj: Record<string, unknown>, prefix = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = `${prefix}${k}`;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)) {
      out.push(...readablePairs(v as Record<string, unknown>, `${key}.`));
    } else out.push(`${key}=${readableValue(v)}`);
  }
  return out;
}

/**
 * One readable line: the message's own time `t` (when it has one, else the
 * arrival time), the subject, then its fields.
 */
function formatText(subject: string, value: unknown, receivedAt: number): string {
  const record = value !== null && typeof value === "object" && !Array.isArray(value);
  const own = record ? (value as Record<string, unknown>).t : undefined;
  const at = isEpochMs(own) ? own : receivedAt;
  let body: string;
  if (record && !(value instanceof Uint8Array)) {
    const { t: _shown, ...rest } = value as Record<string, unknown>;
    body = readablePairs(isEpochMs(own) ? rest : (value as Record<string, unknown>)).join(" ");
  } else body = readableValue(value);
  return `${localClock(at)} ${subject} ${body}`;
}

/** One message: a readable line, or `{subject, msg}` JSON; a note when the payload cannot be decoded. */
export function formatTap(
  subject: string,
  data: Uint8Array,
  opts: TapOptions,
  receivedAt: number = Date.now(),
): string {
  const r = decodeAny(data);
  if (!r.ok) {
    const note = `undecodable payload (${data.length} bytes): ${r.reason}`;
    return opts.mode === "text"
      ? `${localClock(receivedAt)} ${subject} ${note}`
      : toJson({ subject, note }, opts.mode === "pretty");
  }
  const msg = opts.fields ? pickFields(r.value, opts.fields) : r.value;
  if (opts.mode === "text") return formatText(subject, msg, receivedAt);
  return toJson({ subject, msg }, opts.mode === "pretty");
}
