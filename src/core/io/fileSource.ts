// Positioned reads from a file without loading it: weight indexes walk multi-gigabyte files by
// reading headers and skipping data, so memory stays flat however big the model is.

import { promises as fsp } from 'node:fs';

/** How much readCached fetches at once: many small headers then cost one read instead of hundreds. */
const READ_AHEAD_BYTES = 1 << 20;

export class FileSource {
  private cacheStart = 0;
  private cache: Uint8Array = new Uint8Array(0);

  private constructor(
    readonly path: string,
    private readonly handle: fsp.FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileSource> {
    const handle = await fsp.open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new FileSource(path, handle, size);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Reads up to `length` bytes at `position`; fewer only at the end of the file. */
  async read(position: number, length: number): Promise<Uint8Array> {
    const want = Math.max(0, Math.min(length, this.size - position));
    const buffer = new Uint8Array(want);
    let done = 0;
    while (done < want) {
      const { bytesRead } = await this.handle.read(buffer, done, want - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === want ? buffer : buffer.subarray(0, done);
  }

  /**
   * Like read, for walking many small headers in order: serves from a read-ahead block of
   * READ_AHEAD_BYTES when it can. The result may be a view into that block: read it, don't keep
   * or change it.
   */
  async readCached(position: number, length: number): Promise<Uint8Array> {
    const offset = position - this.cacheStart;
    if (offset >= 0 && offset + length <= this.cache.length) return this.cache.subarray(offset, offset + length);
    if (length > READ_AHEAD_BYTES / 4) return this.read(position, length);
    this.cacheStart = position;
    this.cache = await this.read(position, READ_AHEAD_BYTES);
    return this.cache.subarray(0, Math.min(length, this.cache.length));
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Runs `fn` with the file open and always closes it. */
export async function withFileSource<T>(path: string, fn: (source: FileSource) => Promise<T>): Promise<T> {
  const source = await FileSource.open(path);
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}
