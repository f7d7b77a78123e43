// A folder of Paddle tensors saved one file per variable with no program beside them: what
// `fluid.io.save_persistables` writes, and what PaddleClas's guide calls a checkpoint. It is no
// model to draw; this entry recognises it so the user hears what it is and how to export one.

import * as path from 'node:path';
import { ModelFormatError, wholeFile } from '../../errors';
import type { FileAccess } from '../../io/fileAccess';
import { readHead } from '../../io/readHead';
import { t } from '../../l10n';
import type { FolderPick, ModelFormat } from '../format';
import { exportAdvice } from './checkpointDetect';

/** How many of the folder's files are looked at: enough to tell, cheap for a folder of thousands. */
const SAMPLED_FILES = 5;

/** Files that start like a Paddle tensor record: version 0, a LoD level count, tensor version 0. */
async function looksLikeTensorFile(fs: FileAccess, file: string): Promise<boolean> {
  try {
    const head = await readHead(fs, file, 16);
    if (head.length < 16) return false;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    return view.getUint32(0, true) === 0 && view.getUint32(8, true) === 0 && view.getUint32(4, true) < 64;
  } catch {
    return false;
  }
}

export const paddlePersistableFolderFormat: ModelFormat = {
  id: 'paddle-persistables',
  // Only ever a folder: no single file is one.
  sniff: () => false,
  async pickInFolder(folder, names, context): Promise<FolderPick | undefined> {
    const sample = names.filter((n) => !n.startsWith('.')).slice(0, SAMPLED_FILES);
    if (sample.length === 0) return undefined;
    const tensors = await Promise.all(sample.map((n) => looksLikeTensorFile(context.fs, path.join(folder, n))));
    return tensors.every(Boolean) ? { file: folder, others: [] } : undefined;
  },
  async open(folder) {
    throw new ModelFormatError(folder, wholeFile, t('this folder holds Paddle weights saved one file per variable, but no program (__model__ or *.pdmodel): a training checkpoint. {0}', exportAdvice()));
  },
};
