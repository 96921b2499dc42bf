/** How `teleop tap` turns one NATS message into one JSON line. */
import { decodeAny } from "@teleop/shared/codec";

export interface TapOptions {
  pretty: boolean;
  /** Dotted paths to keep (`pose.position.0`); every field when undefined. */
  fields?: readonly string[];
}

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

/** One line per message: `{subject, msg}`, or `{subject, note}` when the payload cannot be decoded. */
export function formatTap(subject: string, data: Uint8Array, opts: TapOptions): string {
  const r = decodeAny(data);
  if (!r.ok) {
    return toJson(
      { subject, note: `undecodable payload (${data.length} bytes): ${r.reason}` },
      opts.pretty,
    );
  }
  const msg = opts.fields ? pickFields(r.value, opts.fields) : r.value;
  return toJson({ subject, msg }, opts.pretty);
}
