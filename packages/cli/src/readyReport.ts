/**
 * The block `teleop run` prints once the stack is up: which processes are
 * ready, where to point a browser or Foxglove, and the NATS_URL to export when
 * nats-server could not have its usual port. Pure: log lines in, lines out.
 */
export const FOXGLOVE_DEFAULT_URL = "ws://127.0.0.1:8765";

export interface StackUrls {
  dashboard?: string;
  /** Set when a foxglove service is in the stack. */
  foxglove?: string;
  /** The WebXR page's addresses (VR_SOURCE=webxr). */
  webxr: string[];
  natsUrl: string;
  /** Why other commands need NATS_URL exported (port 4222 was taken), if they do. */
  natsNote?: string;
}

/** `url=http://...` from the dashboard's ready line. */
export function dashboardUrl(lines: readonly string[]): string | undefined {
  for (const l of lines) {
    const m = l.match(/\bready\b.*\burl=(\S+)/);
    if (m) return m[1];
  }
  return undefined;
}

/** vr-ingest's `open <url> in the Quest browser` lines. */
export function webxrUrls(lines: readonly string[]): string[] {
  return [...new Set(lines.flatMap((l) => l.match(/open (\S+) in the Quest browser/)?.[1] ?? []))];
}

/** A ws:// address the Foxglove bridge logged, else its default. */
export function foxgloveUrl(lines: readonly string[]): string {
  for (const l of lines) {
    const m = l.match(/\bwss?:\/\/[^\s"']+/);
    if (m) return m[0];
  }
  return FOXGLOVE_DEFAULT_URL;
}

export function readyLines(
  ready: readonly string[],
  late: readonly string[],
  u: StackUrls,
): string[] {
  const out = [
    `ready: ${ready.join(", ") || "none"}${late.length ? `; NOT ready: ${late.join(", ")}` : ""}`,
  ];
  const row = (what: string, value: string) => out.push(`  ${what.padEnd(10)} ${value}`);
  if (u.dashboard) row("dashboard", u.dashboard);
  if (u.foxglove)
    row("foxglove", `${u.foxglove}  (Foxglove: Open connection > Foxglove WebSocket)`);
  for (const w of u.webxr) row("webxr", `${w}  (open in the Quest browser)`);
  if (u.natsNote) row("NATS", `export NATS_URL=${u.natsUrl}  (${u.natsNote})`);
  else row("NATS", u.natsUrl);
  return out;
}
