/**
 * Whether the recordings folder can be written: created if missing, then
 * checked for write access (a bind mount Docker created owned by root cannot
 * be written by a recorder running as the user who started the stack).
 */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";

export function writableDir(dir: string): { ok: true } | { ok: false; reason: string } {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { ok: true };
  } catch (err) {
    const owner = (() => {
      try {
        return ` (owned by uid ${statSync(dir).uid})`;
      } catch {
        return "";
      }
    })();
    const uid = process.getuid?.();
    return {
      ok: false,
      reason: `cannot write to ${dir}${owner} as uid ${uid}: ${(err as Error).message}`,
    };
  }
}
