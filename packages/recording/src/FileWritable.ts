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

export interface SyncWritable extends IWritable {
  /** Resolves once every byte written so far is on disk. */
  sync(): Promise<void>;
}

export class FileWritable implements SyncWritable {
  private offset = 0n;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(path: string): Promise<FileWritable> {
    return new FileWritable(path, await open(path, "wx"));
  }

  async write(buffer: Uint8Array): Promise<void> {
    let done = 0;
    if (buffer.byteLength <= INLINE_IO_MAX_BYTES) {
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
    await this.fh.sync();
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
