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
    await writeStreamAtomic(target, async (handle) => {
      for (const [start, end] of ranges) {
        for (let pos = start; pos < end; pos += CHUNK) {
          const bytes = await source.read(pos, Math.min(CHUNK, end - pos));
          if (bytes.length !== Math.min(CHUNK, end - pos)) throw new ModelFormatError(index.file, atByte(pos + bytes.length), t('file ends early (changed since it was opened?)'));
          await handle.write(bytes);
        }
      }
    });
  });
}
