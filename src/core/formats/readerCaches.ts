// Indexes of big weight files, kept across reads by whoever owns them (a ModelService: one per
// extension host, one per language server, one per CLI run). A prototxt open beside its graph is
// read again after every pause in typing, and each read pairs it with the same caffemodel:
// unchanged files (same path, size, modification time) are not walked again.

import type { FileAccess } from '../io/fileAccess';
import { indexCaffemodel, type CaffemodelIndex } from './caffe/caffemodelIndex';

const KEPT = 4;

export class ReaderCaches {
  // Per file system: the same path may name different files locally and in a virtual workspace.
  private readonly caffemodels = new WeakMap<FileAccess, Map<string, { stamp: string; index: Promise<CaffemodelIndex> }>>();

  async caffemodelIndex(fs: FileAccess, file: string): Promise<CaffemodelIndex> {
    const stat = await fs.stat(file);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    let kept = this.caffemodels.get(fs);
    if (!kept) this.caffemodels.set(fs, (kept = new Map()));
    const hit = kept.get(file);
    if (hit && hit.stamp === stamp) {
      // Most recently used last, so the oldest is the first to go.
      kept.delete(file);
      kept.set(file, hit);
      return hit.index;
    }
    const index = indexCaffemodel(file, fs);
    kept.set(file, { stamp, index });
    // A failed index is not kept: the next read tries again (the user may be fixing the file).
    index.catch(() => {
      if (kept!.get(file)?.index === index) kept!.delete(file);
    });
    while (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
    return index;
  }
}
