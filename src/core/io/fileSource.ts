// Positioned reads from a file without loading it: weight indexes walk multi-gigabyte files by
// reading headers and skipping data, so memory stays flat however big the model is.

import { promises as fsp } from 'node:fs';

export class FileSource {
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
