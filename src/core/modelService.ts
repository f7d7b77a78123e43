// Opened models kept by whoever needs them more than once: the extension host (viewers, the
// summary command) and the language server (the argument checker asks for the model a script
// names) each hold one service. A model is kept by file path and read again only when the file
// or one of its weight files changed (size or modification time). Results are shared between
// callers, so they are frozen at the top: treat them as read-only.

import type { FileAccess, FileStat } from './io/fileAccess';
import { nodeFileAccess } from './io/nodeFileAccess';
import type { OpenedModel, OpenOptions } from './model';
import { openModel } from './openModel';
import { ReaderCaches } from './formats/readerCaches';

const KEPT_MODELS = 8;

interface Kept {
  /** Stamps of the model file and every weight file it read, taken before the read. */
  stamps: Map<string, string>;
  model: Promise<OpenedModel>;
}

function stampOf(stat: FileStat): string {
  return `${stat.kind}:${stat.size}:${stat.mtimeMs}`;
}

export class ModelService {
  /** Weight indexes, shared by every read through this service (unsaved prototxt text included). */
  readonly caches = new ReaderCaches();
  private kept = new WeakMap<FileAccess, Map<string, Kept>>();

  /**
   * The model at `file`. Text given in `options.text` (an editor's unsaved prototxt) is always
   * read afresh, its weights still found through the caches.
   */
  async open(file: string, options: OpenOptions = {}): Promise<Readonly<OpenedModel>> {
    const fs = options.fs ?? nodeFileAccess;
    if (options.text !== undefined) return freeze(await openModel(file, { ...options, fs, caches: this.caches }));
    let byFile = this.kept.get(fs);
    if (!byFile) this.kept.set(fs, (byFile = new Map()));
    const key = JSON.stringify([file, options.weights ?? null, options.noWeights === true]);
    const hit = byFile.get(key);
    if (hit && (await this.unchanged(fs, hit))) {
      byFile.delete(key);
      byFile.set(key, hit);
      return hit.model;
    }
    const stamps = new Map<string, string>();
    stamps.set(file, await stamp(fs, file));
    const model = openModel(file, { ...options, fs, caches: this.caches }).then(async (m) => {
      for (const weightsFile of m.weights?.files ?? []) if (!stamps.has(weightsFile)) stamps.set(weightsFile, await stamp(fs, weightsFile));
      return freeze(m);
    });
    const entry: Kept = { stamps, model };
    byFile.set(key, entry);
    // A failed read is not kept: the user may be fixing the file.
    model.catch(() => {
      if (byFile!.get(key) === entry) byFile!.delete(key);
    });
    while (byFile.size > KEPT_MODELS) byFile.delete(byFile.keys().next().value as string);
    return model;
  }

  /** Forgets every kept model (a user's explicit Reload). */
  clear(): void {
    this.kept = new WeakMap();
  }

  private async unchanged(fs: FileAccess, kept: Kept): Promise<boolean> {
    await kept.model.catch(() => undefined);
    for (const [file, was] of kept.stamps) if ((await stamp(fs, file)) !== was) return false;
    return true;
  }
}

async function stamp(fs: FileAccess, file: string): Promise<string> {
  try {
    return stampOf(await fs.stat(file));
  } catch {
    return 'missing';
  }
}

function freeze(model: OpenedModel): OpenedModel {
  Object.freeze(model.graph);
  return Object.freeze(model);
}
