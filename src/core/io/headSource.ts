// The first bytes of a file, read synchronously, behind the same readCached() a FileSource has.
// For folders of hundreds of small per-variable weight files (Fluid's save_inference_model):
// one open/read/close each without a thread-pool round trip per call is many times faster, and
// a header lies in the first few hundred bytes. A read past the head falls back to a real read.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { withFileSource } from './fileSource';

/** What a header walker needs from a file: its path and size, and small reads from anywhere. */
export interface ByteSource {
  readonly path: string;
  readonly size: number;
  readCached(position: number, length: number): Promise<Uint8Array>;
}

const HEAD_BYTES = 64 * 1024;

export class HeadSource implements ByteSource {
  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly head: Uint8Array,
  ) {}

  /** Throws the file system's error (ENOENT, EISDIR …) as openSync does. */
  static readSync(path: string, headBytes = HEAD_BYTES): HeadSource {
    const fd = openSync(path, 'r');
    try {
      const { size } = fstatSync(fd);
      const head = new Uint8Array(Math.min(size, headBytes));
      let done = 0;
      while (done < head.length) {
        const n = readSync(fd, head, done, head.length - done, done);
        if (n === 0) break;
        done += n;
      }
      return new HeadSource(path, size, head.subarray(0, done));
    } finally {
      closeSync(fd);
    }
  }

  async readCached(position: number, length: number): Promise<Uint8Array> {
    const end = position + length;
    if (end <= this.head.length || (this.head.length === this.size && position <= this.size)) {
      return this.head.subarray(position, Math.min(end, this.head.length));
    }
    return withFileSource(this.path, (source) => source.read(position, length));
  }
}
