/** An MCAP IWritable over a file that can force its bytes to disk (fsync). */
import { writeSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { IWritable } from "@mcap/core";

/**
 * Buffers up to this size are written, and chunks up to it compressed, on the
 * calling thread: a telemetry chunk of a few KB takes tens of microseconds
 * (64 KiB of JSON about 0.25 ms under zstd), less than a trip through Bun's
 * pool, whose completion wakes the event loop once more (BENCHMARKS.md,
 * seventh session). Larger ones, a chunk of camera frames, go to the pool.
 */
export const INLINE_IO_MAX_BYTES = 64 * 1024;

/**
 * A sync running longer than this says the disk is behind (a USB stick, a
 * network share): the kernel's dirty pages pile up and a write would block in
 * them, so writes go to the pool, where they hold up no tick, until it ends.
 */
export const SLOW_SYNC_MS = 100;

/** How the file's bytes are forced to disk; a test gives a slow disk's. */
export type SyncFile = (fh: FileHandle) => Promise<void>;

export interface SyncWritable extends IWritable {
  /** Resolves once every byte written so far is on disk. */
  sync(): Promise<void>;
}

export class FileWritable implements SyncWritable {
  private offset = 0n;
  private syncsRunning = 0;
  private syncingSince = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly syncFile: SyncFile,
  ) {}

  static async create(path: string, syncFile: SyncFile = (fh) => fh.sync()): Promise<FileWritable> {
    return new FileWritable(path, await open(path, "wx"), syncFile);
  }

  /** Whether a write now would go through the pool: too large, or the disk behind. */
  writesToPool(byteLength: number): boolean {
    const behind = this.syncsRunning > 0 && performance.now() - this.syncingSince > SLOW_SYNC_MS;
    return byteLength > INLINE_IO_MAX_BYTES || behind;
  }

  async write(buffer: Uint8Array): Promise<void> {
    let done = 0;
    if (!this.writesToPool(buffer.byteLength)) {
      while (done < buffer.byteLength) done += writeSync(this.fh.fd, buffer, done);
    }
    while (done < buffer.byteLength) {
      const { bytesWritten } = await this.fh.write(buffer, done, buffer.byteLength - done);
      done += bytesWritten;
    }
    this.offset += BigInt(buffer.byteLength);
  }

  position(): bigint {
    return this.offset;
  }

  async sync(): Promise<void> {
    if (this.syncsRunning++ === 0) this.syncingSince = performance.now();
    try {
      await this.syncFile(this.fh);
    } finally {
      this.syncsRunning--;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
