/** An MCAP IWritable over a file that can force its bytes to disk (fsync). */
import { type FileHandle, open } from "node:fs/promises";
import type { IWritable } from "@mcap/core";

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
