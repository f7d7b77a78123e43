// A prototxt open beside its graph is read again after every pause in typing, and each read
// pairs it with the same caffemodel. Indexes of unchanged files are kept (a few, by path, size
// and modification time) so an edit does not walk a gigabyte of weights again.

import { promises as fsp } from 'node:fs';
import { indexCaffemodel, type CaffemodelIndex } from './caffemodelIndex';

const KEPT = 4;
const kept = new Map<string, { stamp: string; index: Promise<CaffemodelIndex> }>();

export async function indexCaffemodelCached(file: string): Promise<CaffemodelIndex> {
  const stat = await fsp.stat(file);
  const stamp = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  const hit = kept.get(file);
  if (hit && hit.stamp === stamp) {
    // Most recently used last, so the oldest is the first to go.
    kept.delete(file);
    kept.set(file, hit);
    return hit.index;
  }
  const index = indexCaffemodel(file);
  kept.set(file, { stamp, index });
  // A failed index is not kept: the next read tries again (the user may be fixing the file).
  index.catch(() => {
    if (kept.get(file)?.index === index) kept.delete(file);
  });
  while (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
  return index;
}
