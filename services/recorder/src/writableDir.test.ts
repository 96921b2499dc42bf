import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writableDir } from "./writableDir";

test("a missing folder is created and writable; one that cannot be made is reported", () => {
  const dir = mkdtempSync(join(tmpdir(), "teleop-writable-"));
  try {
    expect(writableDir(join(dir, "recordings"))).toEqual({ ok: true });
    writeFileSync(join(dir, "file"), "");
    const r = writableDir(join(dir, "file", "recordings"));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/cannot write to .*file\/recordings as uid \d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
