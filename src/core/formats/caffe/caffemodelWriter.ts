// Writes a caffemodel from an index by copying byte ranges of the source file: the net's own
// fields and each kept layer exactly as they were, so an unchanged model comes out byte-identical
// and a cut one (a subset of layers) costs no decoding or re-encoding of weights.

import { atByte, ModelFormatError } from '../../errors';
import { t } from '../../l10n';
import { writeStreamAtomic } from '../../io/atomicWrite';
import { withByteSource } from '../../io/byteSource';
import type { CaffemodelIndex, LayerRecord } from './caffemodelIndex';

const CHUNK = 8 * 1024 * 1024;

export interface CaffemodelWriteOptions {
  /** Which layers to keep; all when absent. */
  keepLayer?: (layer: LayerRecord, index: number) => boolean;
  /**
   * Whether the net's own fields (name, net-level inputs, unknown fields) are copied too; true when
   * absent. A cut leaves them out: the original's `input: data` would name a tensor the cut lacks.
   */
  netFields?: boolean;
  /** Stops the copy between chunks (a cancelled export); the temporary file is removed. */
  signal?: AbortSignal;
}

export async function writeCaffemodel(index: CaffemodelIndex, target: string, options: CaffemodelWriteOptions = {}): Promise<void> {
  // Adjacent kept ranges are merged so that copying is a few large reads.
  const ranges: [number, number][] = [];
  for (const record of index.records) {
    if (record.layer === undefined && options.netFields === false) continue;
    if (record.layer !== undefined && options.keepLayer && !options.keepLayer(index.layers[record.layer], record.layer)) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === record.start) last[1] = record.end;
    else ranges.push([record.start, record.end]);
  }
  await withByteSource(index.fs, index.file, async (source) => {
    if (source.size !== index.size) throw new ModelFormatError(index.file, atByte(source.size), t('changed since it was opened ({0} bytes then, {1} now)', index.size, source.size));
    // The next chunk is read while the last one is written: the disk's reads and writes overlap,
    // with two chunks in memory at most.
    const chunks: [number, number][] = [];
    for (const [start, end] of ranges) for (let pos = start; pos < end; pos += CHUNK) chunks.push([pos, Math.min(CHUNK, end - pos)]);
    await writeStreamAtomic(target, async (handle) => {
      let next = chunks.length > 0 ? source.read(chunks[0][0], chunks[0][1]) : undefined;
      try {
        for (let i = 0; i < chunks.length; i++) {
          const [pos, length] = chunks[i];
          options.signal?.throwIfAborted();
          const bytes = await next!;
          next = i + 1 < chunks.length ? source.read(chunks[i + 1][0], chunks[i + 1][1]) : undefined;
          if (bytes.length !== length) throw new ModelFormatError(index.file, atByte(pos + bytes.length), t('file ends early (changed since it was opened?)'));
          await handle.write(bytes);
        }
      } finally {
        // A read already started when something failed is settled before the file is closed.
        await next?.catch(() => undefined);
      }
    });
  });
}
