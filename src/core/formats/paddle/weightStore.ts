// The WeightStore behind a Paddle model: an index of where each tensor's bytes are (one combined
// file, or one file per var), reading the bytes only when asked.

import { ModelFormatError, atByte } from '../../errors';
import { t } from '../../l10n';
import type { WeightEntry, WeightStore } from '../../model';
import { withByteSource } from '../../io/byteSource';
import { rangeChunks } from '../../io/rangeChunks';
import type { FileAccess } from '../../io/fileAccess';

/** A WeightEntry that also knows its whole serialized record, so writers can copy it verbatim. */
export interface PaddleWeightEntry extends WeightEntry {
  /** Start of the LoDTensor record; the header is [recordOffset, offset), the data follows it. */
  recordOffset: number;
  lodLevels: number;
}

export class PaddleWeightStore implements WeightStore {
  private readonly byKey = new Map<string, PaddleWeightEntry>();

  constructor(
    /** Where the files are read from, when a tensor is asked for. */
    readonly fs: FileAccess,
    readonly files: string[],
    readonly entries: readonly PaddleWeightEntry[],
  ) {
    for (const e of entries) if (!this.byKey.has(e.key)) this.byKey.set(e.key, e);
  }

  get(key: string): PaddleWeightEntry | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  async read(key: string): Promise<Uint8Array> {
    const entry = this.byKey.get(key);
    if (!entry) throw new Error(`no tensor named ${key} in the loaded weights`);
    return withByteSource(this.fs, entry.file, async (source) => {
      const bytes = await source.read(entry.offset, entry.byteLength);
      if (bytes.length !== entry.byteLength) {
        throw new ModelFormatError(entry.file, atByte(entry.offset + bytes.length), t('the file changed since it was indexed: tensor {0} is cut short', key));
      }
      return bytes;
    });
  }

  readChunks(key: string, chunkBytes: number): AsyncIterable<Uint8Array> {
    const entry = this.byKey.get(key);
    if (!entry) throw new Error(`no tensor named ${key} in the loaded weights`);
    return rangeChunks(this.fs, entry.file, entry.offset, entry.byteLength, chunkBytes);
  }
}
