// Writes Paddle weights from an index: a combined file (`*.pdiparams` / `params`) or one file
// per var. Records are copied verbatim from wherever the index found them, in chunks, so a
// multi-gigabyte model never sits in memory, the LoD and desc bytes stay Paddle's own, and a
// subset (the sub-model cut) is just a shorter entry list. Paddle loads a combined file by
// walking the program's persistable vars in sorted-name order, so records go out in that order.

import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { ModelFormatError, atByte } from '../../errors';
import { t } from '../../l10n';
import { writeStreamAtomic } from '../../io/atomicWrite';
import { ByteSource } from '../../io/byteSource';
import type { FileAccess } from '../../io/fileAccess';
import { nodeFileAccess } from '../../io/nodeFileAccess';
import { compareNames } from './persistables';
import type { PaddleWeightEntry } from './weightStore';

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Opens each source file once across a whole write. */
class SourcePool {
  private readonly open = new Map<string, Promise<ByteSource>>();

  constructor(private readonly fs: FileAccess) {}

  get(file: string): Promise<ByteSource> {
    let source = this.open.get(file);
    if (!source) {
      source = this.fs.open(file).then((f) => new ByteSource(f));
      this.open.set(file, source);
    }
    return source;
  }

  async closeAll(): Promise<void> {
    const sources = await Promise.allSettled(this.open.values());
    for (const s of sources) if (s.status === 'fulfilled') await s.value.close();
  }
}

async function copyRecord(entry: PaddleWeightEntry, pool: SourcePool, handle: fsp.FileHandle, signal?: AbortSignal): Promise<void> {
  const source = await pool.get(entry.file);
  const end = entry.offset + entry.byteLength;
  if (end > source.size) {
    throw new ModelFormatError(entry.file, atByte(source.size), t('the file changed since it was indexed: tensor {0} is cut short', entry.key));
  }
  for (let pos = entry.recordOffset; pos < end; ) {
    signal?.throwIfAborted();
    const bytes = await source.read(pos, Math.min(CHUNK_BYTES, end - pos));
    if (bytes.length === 0) throw new ModelFormatError(entry.file, atByte(pos), t('the file ended while copying tensor {0}', entry.key));
    await handle.write(bytes);
    pos += bytes.length;
  }
}

function sortedUnique(entries: readonly PaddleWeightEntry[], compare: (a: string, b: string) => number = compareNames): PaddleWeightEntry[] {
  const sorted = [...entries].sort((a, b) => compare(a.key, b.key));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].key === sorted[i - 1].key) throw new Error(`tensor ${sorted[i].key} is listed twice`);
  }
  return sorted;
}

/**
 * One combined parameter file holding `entries` (any subset, any order) in sorted-name order;
 * `signal` stops it between chunks. `compare` orders the names: code units for Fluid programs,
 * code points for PIR ones (compareCodePoints), as each loader walks them.
 */
export async function writeCombinedParams(target: string, entries: readonly PaddleWeightEntry[], fs: FileAccess = nodeFileAccess, signal?: AbortSignal, compare?: (a: string, b: string) => number): Promise<void> {
  const sorted = sortedUnique(entries, compare);
  const pool = new SourcePool(fs);
  try {
    await writeStreamAtomic(target, async (handle) => {
      for (const entry of sorted) await copyRecord(entry, pool, handle, signal);
    });
  } finally {
    await pool.closeAll();
  }
}

/** One file per var in `dir`, named after the var, as Fluid's save_inference_model wrote them. */
export async function writeSeparateParams(dir: string, entries: readonly PaddleWeightEntry[], fs: FileAccess = nodeFileAccess): Promise<void> {
  const sorted = sortedUnique(entries);
  const pool = new SourcePool(fs);
  try {
    for (const entry of sorted) {
      if (entry.key === '' || path.isAbsolute(entry.key) || entry.key.split(/[\\/]/).includes('..')) {
        throw new Error(t('var name {0} cannot be used as a file name', JSON.stringify(entry.key)));
      }
      const target = path.join(dir, entry.key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await writeStreamAtomic(target, (handle) => copyRecord(entry, pool, handle));
    }
  } finally {
    await pool.closeAll();
  }
}
