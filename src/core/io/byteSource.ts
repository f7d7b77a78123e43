// Positioned reads over an OpenFile with a read-ahead block: header walkers (caffemodel index,
// Paddle tensor records) read many small pieces in order, which then cost one read per block
// instead of one each, while memory stays flat however big the file is.

import { type FileAccess, type OpenFile } from './fileAccess';

/** How much readCached fetches at once. */
const READ_AHEAD_BYTES = 1 << 20;

export class ByteSource {
  private cacheStart = 0;
  private cache: Uint8Array = new Uint8Array(0);

  constructor(private readonly file: OpenFile) {}

  get path(): string {
    return this.file.path;
  }

  get size(): number {
    return this.file.size;
  }

  /** Up to `length` bytes at `position`, a fresh array; fewer only at the end of the file. */
  read(position: number, length: number): Promise<Uint8Array> {
    return this.file.read(position, length);
  }

  /**
   * Like read, served from the read-ahead block when it can be. The result may be a view into
   * that block: read it, don't keep or change it.
   */
  async readCached(position: number, length: number): Promise<Uint8Array> {
    const offset = position - this.cacheStart;
    if (offset >= 0 && offset + length <= this.cache.length) return this.cache.subarray(offset, offset + length);
    if (length > READ_AHEAD_BYTES / 4) return this.file.read(position, length);
    this.cacheStart = position;
    this.cache = await this.file.read(position, READ_AHEAD_BYTES);
    return this.cache.subarray(0, Math.min(length, this.cache.length));
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Runs `fn` with the file open behind a ByteSource and always closes it. */
export async function withByteSource<T>(fs: FileAccess, path: string, fn: (source: ByteSource) => Promise<T>): Promise<T> {
  const source = new ByteSource(await fs.open(path));
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}
