import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zstd } from "./ChunkedMcapWriter";
import { FileWritable, INLINE_IO_MAX_BYTES, SLOW_SYNC_MS } from "./FileWritable";

const dir = mkdtempSync(join(tmpdir(), "file-writable-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bytes(length: number, seed: number): Uint8Array {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

test("small buffers written on the thread and large ones on the pool land in order", async () => {
  const parts = [
    bytes(100, 1),
    bytes(INLINE_IO_MAX_BYTES, 2),
    bytes(INLINE_IO_MAX_BYTES + 1, 3),
    bytes(3 * 1024 * 1024, 4),
    bytes(7, 5),
  ];
  const path = join(dir, "a.bin");
  const file = await FileWritable.create(path);
  for (const p of parts) await file.write(p);
  await file.sync();
  await file.close();
  const total = parts.reduce((n, p) => n + p.length, 0);
  expect(file.position()).toBe(BigInt(total));
  const back = await Bun.file(path).bytes();
  expect(back.length).toBe(total);
  let at = 0;
  for (const p of parts) {
    expect(Buffer.from(back.subarray(at, at + p.length)).equals(Buffer.from(p))).toBe(true);
    at += p.length;
  }
});

test("zstd round-trips a chunk on either side of the inline limit", async () => {
  for (const length of [10, INLINE_IO_MAX_BYTES, INLINE_IO_MAX_BYTES + 1, 2 * 1024 * 1024]) {
    const data = bytes(length, length);
    const { compression, compressedData } = await zstd(data);
    expect(compression).toBe("zstd");
    expect(compressedData.length).toBeLessThan(length + 64);
    expect(Buffer.from(Bun.zstdDecompressSync(compressedData)).equals(Buffer.from(data))).toBe(
      true,
    );
  }
});

test("a file that exists is refused, not overwritten", async () => {
  const path = join(dir, "b.bin");
  await Bun.write(path, "keep");
  await expect(FileWritable.create(path)).rejects.toThrow();
  expect(await Bun.file(path).text()).toBe("keep");
});

test("a write stays on the thread while syncs keep up and goes to the pool while one lags", async () => {
  let release: (() => void) | undefined;
  const path = join(dir, "c.bin");
  const file = await FileWritable.create(path, async (fh) => {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    await fh.sync();
  });
  const size = () => Bun.file(path).size;
  // Inline: the bytes are in the file before the promise is awaited.
  const first = file.write(bytes(1000, 1));
  expect(size()).toBe(1000);
  await first;
  const syncing = file.sync();
  expect(file.writesToPool(1000)).toBe(false);
  await Bun.sleep(SLOW_SYNC_MS + 20);
  expect(file.writesToPool(1000)).toBe(true);
  await file.write(bytes(1000, 2));
  expect(size()).toBe(2000);
  release?.();
  await syncing;
  expect(file.writesToPool(1000)).toBe(false);
  expect(file.writesToPool(INLINE_IO_MAX_BYTES + 1)).toBe(true);
  await file.close();
});
