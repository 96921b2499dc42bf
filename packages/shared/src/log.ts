/** One-line structured-ish logs: `<iso time> <level> <service> message key=value ...`. */
export type Level = "debug" | "info" | "warn" | "error";

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function formatValue(v: unknown): string {
  if (typeof v === "string") return /\s/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(3);
  if (v instanceof Error) return JSON.stringify(v.message);
  return JSON.stringify(v);
}

/** `minLevel` comes from the LOG_LEVEL option (shared config) or the caller. */
export function createLogger(service: string, minLevel: Level = "info"): Logger {
  const min = ORDER[minLevel];
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const extra = fields
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${formatValue(v)}`)
          .join(" ")
      : "";
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${service} ${msg}${extra ? ` ${extra}` : ""}\n`;
    (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
